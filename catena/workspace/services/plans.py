"""Activity plans: define a sequence of activities once, apply it to a record to schedule them all."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access, events, text
from catena.core.errors import ErrorCode
from catena.core.validation import Errors
from catena.workspace import errors as codes
from catena.workspace import targets
from catena.workspace.choices import ActivityKind, AssigneeRule
from catena.workspace.events import ActivityPlanApplied
from catena.workspace.models import Activity, ActivityPlan, ActivityPlanStep
from catena.workspace.models.plans import MAX_OFFSET_DAYS
from catena.workspace.services.activities import MAX_SUBJECT, eligible_assignee, schedule_activity

MAX_STEPS = 50


def zone_of(user: Any) -> tzinfo:
    """The user's time zone (their own setting, else the installation's)."""
    name = getattr(user, "time_zone", "") or ""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_default_timezone()


# --- defining plans -------------------------------------------------------------------------------


def _check_name(errors: Errors, field: str, value: str, *, limit: int = MAX_SUBJECT) -> None:
    if not (value or "").strip():
        errors.add(field, _("This field is required."), code="required")
    elif len(value) > limit:
        errors.add(field, _("At most %(limit)d characters.") % {"limit": limit}, code="too_long")
    else:
        try:
            text.check_name(value)
        except ValidationError as exc:
            errors.capture(field, exc)


def _check_long(errors: Errors, field: str, value: str) -> None:
    try:
        text.check_long_text(value or "")
    except ValidationError as exc:
        errors.capture(field, exc)


def _kinds(errors: Errors, applies_to: Iterable[str]) -> list[str]:
    labels: list[str] = []
    for label in applies_to:
        kind = targets.kind_of(str(label or "").strip())
        if kind is None:
            errors.add("applies_to", str(codes.PLAN_UNKNOWN_KIND.message), code=codes.PLAN_UNKNOWN_KIND.code)
        elif kind.label not in labels:
            labels.append(kind.label)
    return labels


def _colleague(value: Any) -> User | None:
    user = value if isinstance(value, User) else None
    if user is None and value not in (None, "") and str(value).isdecimal() and len(str(value)) < 19:
        user = User.objects.filter(pk=int(value)).first()
    if user is None or not user.is_active or not roles.is_internal(user):
        return None
    return user


def _steps(errors: Errors, steps: Iterable[Mapping[str, Any]]) -> list[ActivityPlanStep]:
    built: list[ActivityPlanStep] = []
    given = list(steps)
    if len(given) > MAX_STEPS:
        errors.add("steps", str(codes.PLAN_TOO_MANY_STEPS.message), code=codes.PLAN_TOO_MANY_STEPS.code)
        return built
    for index, step in enumerate(given):
        at = f"steps.{index}."
        kind = step.get("kind") or ActivityKind.TODO
        if kind not in ActivityKind.values:
            errors.add(at + "kind", _("Not one of the allowed values."), code="invalid_choice")
        subject = str(step.get("subject") or "")
        _check_name(errors, at + "subject", subject)
        note = str(step.get("note") or "")
        _check_long(errors, at + "note", note)
        offset = step.get("offset_days", 0)
        if offset in (None, ""):
            offset = 0
        if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET_DAYS:
            errors.add(
                at + "offset_days",
                _("Between 0 and %(max)d days.") % {"max": MAX_OFFSET_DAYS},
                code="out_of_range",
            )
            offset = 0
        at_time = step.get("time_of_day")
        if at_time is not None and not isinstance(at_time, time):
            errors.add(at + "time_of_day", _("Enter a valid time."), code="invalid")
            at_time = None
        rule = step.get("assignee_rule") or AssigneeRule.RECORD_OWNER
        person = None
        if rule not in AssigneeRule.values:
            errors.add(at + "assignee_rule", _("Not one of the allowed values."), code="invalid_choice")
        elif rule == AssigneeRule.USER:
            person = _colleague(step.get("assignee"))
            if person is None:
                errors.add(
                    at + "assignee",
                    str(codes.PLAN_ASSIGNEE_REQUIRED.message),
                    code=codes.PLAN_ASSIGNEE_REQUIRED.code,
                )
        built.append(
            ActivityPlanStep(
                position=index + 1,
                kind=kind,
                subject=subject.strip(),
                note=note,
                offset_days=offset,
                time_of_day=at_time.replace(second=0, microsecond=0, tzinfo=None) if at_time else None,
                assignee_rule=rule,
                assignee=person,
            )
        )
    return built


def _write(
    plan: ActivityPlan,
    *,
    name: str,
    description: str,
    applies_to: Iterable[str],
    is_active: bool,
    steps: Iterable[Mapping[str, Any]] | None,
) -> ActivityPlan:
    errors = Errors()
    _check_name(errors, "name", name)
    _check_long(errors, "description", description)
    labels = _kinds(errors, applies_to)
    built = _steps(errors, steps) if steps is not None else None
    errors.raise_if_any()
    plan.name = name.strip()
    plan.description = description
    plan.applies_to = labels
    plan.is_active = is_active
    plan.save()
    if built is not None:
        plan.steps.all().delete()
        for step in built:
            step.plan = plan
            step.save()
    return plan


@transaction.atomic
def create_plan(
    *,
    actor: Any,
    name: str,
    description: str = "",
    applies_to: Iterable[str] = (),
    is_active: bool = True,
    steps: Iterable[Mapping[str, Any]] = (),
) -> ActivityPlan:
    """Define a plan with its steps, in order. ``applies_to`` lists the kinds of record it is for
    (``parties.party``…), none for any kind. Administrators and managers only."""
    access.ensure(actor, access.ADD, ActivityPlan)
    return _write(
        ActivityPlan(created_by=actor),
        name=name,
        description=description,
        applies_to=applies_to,
        is_active=is_active,
        steps=steps,
    )


@transaction.atomic
def update_plan(
    plan: ActivityPlan,
    *,
    actor: Any,
    name: str,
    description: str = "",
    applies_to: Iterable[str] = (),
    is_active: bool = True,
    steps: Iterable[Mapping[str, Any]] | None = None,
) -> ActivityPlan:
    """Change a plan; with ``steps``, its steps become those, in that order (activities already
    scheduled from it stay as they are)."""
    access.ensure(actor, access.CHANGE, plan)
    ActivityPlan.objects.select_for_update().filter(pk=plan.pk).first()  # one editor at a time
    return _write(
        plan,
        name=name,
        description=description,
        applies_to=applies_to,
        is_active=is_active,
        steps=steps,
    )


# --- applying a plan ------------------------------------------------------------------------------


def _refuse(field: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: [ValidationError(str(code.message), code=code.code)]})


def _owner(record: models.Model, actor: Any) -> Any:
    """The record's first owner who may take its activities, else the applier."""
    for pk in targets.owners_of(record):
        user = User.objects.filter(pk=pk).first()
        try:
            return eligible_assignee(user, record) if user is not None else None
        except ValidationError:
            continue
    return actor


def _assignee(step: ActivityPlanStep, record: models.Model, actor: Any, owner: Any) -> Any:
    if step.assignee_rule == AssigneeRule.USER:
        if step.assignee is None:
            raise _refuse("assignee", codes.PLAN_ASSIGNEE_REQUIRED)
        return step.assignee
    if step.assignee_rule == AssigneeRule.APPLIER:
        return actor
    return owner


def _at_step(index: int, exc: ValidationError) -> ValidationError:
    """A step's scheduling errors, each field named after its step (``steps.2.assignee``)."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    return ValidationError({f"steps.{index}.{field}": found for field, found in by_field.items()})


def due_of(step: ActivityPlanStep, start: date, zone: tzinfo) -> tuple[datetime, bool]:
    """When ``step`` is due for a plan started on ``start``, in ``zone``; and whether all day."""
    day = start + timedelta(days=step.offset_days)
    return datetime.combine(day, step.time_of_day or time.min, tzinfo=zone), step.time_of_day is None


@transaction.atomic
def apply_plan(
    plan: ActivityPlan, record: models.Model, *, actor: Any, start: date | None = None
) -> list[Activity]:
    """Schedule one activity per step of ``plan`` on ``record``, each due its step's days after
    ``start`` (today by default) in the applier's time zone. All of them or, when one step is
    refused, none."""
    if not access.can(actor, access.VIEW, plan) or not access.can(actor, access.VIEW, record):
        raise access.PermissionDenied(access.VIEW, record)
    kind = targets.kind_for(record)
    if kind is None:
        raise _refuse("target_type", codes.UNKNOWN_TARGET_TYPE)
    if not plan.is_active:
        raise _refuse("plan", codes.PLAN_INACTIVE)
    if not plan.applies_to_label(kind.label):
        raise _refuse("target_type", codes.PLAN_NOT_APPLICABLE)
    steps = list(plan.steps.select_related("assignee"))
    if not steps:
        raise _refuse("plan", codes.PLAN_EMPTY)
    zone = zone_of(actor)
    first = start or timezone.localdate(timezone=zone)
    owner = (
        _owner(record, actor) if any(s.assignee_rule == AssigneeRule.RECORD_OWNER for s in steps) else None
    )
    scheduled: list[Activity] = []
    with timezone.override(zone):  # an all-day activity is due when the applier's day begins
        for index, step in enumerate(steps):
            due_at, all_day = due_of(step, first, zone)
            try:
                activity = schedule_activity(
                    record,
                    actor=actor,
                    kind=step.kind,
                    subject=step.subject,
                    note=step.note,
                    due_at=due_at,
                    all_day=all_day,
                    assignee=_assignee(step, record, actor, owner),
                )
            except ValidationError as exc:
                raise _at_step(index, exc) from exc
            scheduled.append(activity)
    events.emit(
        ActivityPlanApplied(
            plan_id=plan.pk,
            target_type=kind.label,
            target_id=record.pk,
            start=first.isoformat(),
            activities=[a.pk for a in scheduled],
        ),
        plan,
        actor=actor,
    )
    return scheduled
