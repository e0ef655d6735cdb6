"""Activities: something one person is to do about a record by a time."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access, events, text
from catena.core.errors import CodedHttpError
from catena.core.validation import Errors
from catena.core.versions import check_version
from catena.workspace import targets
from catena.workspace.choices import ActivityKind, ActivityStatus
from catena.workspace.events import (
    ActivityCancelled,
    ActivityCompleted,
    ActivityRescheduled,
    ActivityScheduled,
)
from catena.workspace.models import Activity

MAX_SUBJECT = 200


def _start_of_day(value: datetime) -> datetime:
    """An all-day activity is due when its day begins, in the server's time zone."""
    local = timezone.localtime(value)
    return timezone.make_aware(datetime.combine(local.date(), time.min))


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def eligible_assignee(value: Any, target: models.Model) -> User:
    """The user ``value`` names if they are active staff who may see ``target``; else a
    ``ValidationError`` (``activity.assignee_not_eligible``)."""
    user = value if isinstance(value, User) else None
    if user is None and value is not None and str(value).isdecimal() and len(str(value)) < 19:
        user = User.objects.filter(pk=int(value)).first()
    if (
        user is None
        or not user.is_active
        or not roles.is_internal(user)
        or not access.can(user, access.VIEW, target)
    ):
        raise ValidationError(
            _("The assignee must be an active member of staff who may see the record."),
            code="activity.assignee_not_eligible",
        )
    return user


def _check_text(errors: Errors, subject: str | None, note: str | None, outcome: str | None = None) -> None:
    if subject is not None:
        if not subject.strip():
            errors.add("subject", _("This field is required."), code="required")
        elif len(subject) > MAX_SUBJECT:
            errors.add("subject", _("At most 200 characters."), code="too_long")
        else:
            try:
                text.check_name(subject)
            except ValidationError as exc:
                errors.capture("subject", exc)
    for field, value in (("note", note), ("outcome", outcome)):
        if value:
            try:
                text.check_long_text(value)
            except ValidationError as exc:
                errors.capture(field, exc)


def _payload(activity: Activity) -> dict[str, Any]:
    return {
        "target_type": targets.label_of_type(activity.content_type_id),
        "target_id": activity.object_id,
        "kind": activity.kind,
        "assignee": activity.assignee_id,
        "due_at": activity.due_at.isoformat(),
    }


@transaction.atomic
def schedule_activity(
    target: models.Model,
    *,
    actor: Any,
    subject: str,
    due_at: datetime | None,
    kind: str = ActivityKind.TODO,
    note: str = "",
    all_day: bool = False,
    assignee: Any = None,
) -> Activity:
    """Schedule an activity on ``target`` for ``assignee`` (the actor by default). The actor
    must be staff who may work and see ``target``; the assignee must see it too."""
    if not access.can(actor, access.ADD, Activity) or not access.can(actor, access.VIEW, target):
        raise access.PermissionDenied(access.ADD, Activity)
    if targets.kind_for(target) is None:
        raise ValidationError(
            {
                "target_type": [
                    ValidationError(
                        _("Activities cannot be attached to this kind of record."),
                        code="activity.unknown_target_type",
                    )
                ]
            }
        )
    errors = Errors()
    if kind not in ActivityKind.values:
        errors.add("kind", _("Not one of the allowed values."), code="invalid_choice")
    _check_text(errors, subject, note)
    if due_at is None:
        errors.add("due_at", _("This field is required."), code="required")
    try:
        person = eligible_assignee(assignee if assignee not in (None, "") else actor, target)
    except ValidationError as exc:
        errors.capture("assignee", exc)
    errors.raise_if_any()
    assert due_at is not None
    due = _start_of_day(_aware(due_at)) if all_day else _aware(due_at)
    activity = Activity.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        kind=kind,
        subject=subject.strip(),
        note=note,
        due_at=due,
        all_day=all_day,
        assignee=person,
        created_by=actor,
    )
    events.emit(ActivityScheduled(**_payload(activity)), activity, actor=actor)
    return activity


def _locked(activity: Activity, actor: Any, expected_version: int | None) -> Activity:
    if not access.can(actor, access.CHANGE, activity):
        raise access.PermissionDenied(access.CHANGE, activity)
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    check_version(current, expected_version)
    if not current.is_open:
        raise CodedHttpError(409, _("This activity is already done or cancelled."), code="activity.not_open")
    return current


def _close(
    activity: Activity, *, actor: Any, status: str, outcome: str, expected_version: int | None
) -> Activity:
    errors = Errors()
    _check_text(errors, None, None, outcome)
    errors.raise_if_any()
    current = _locked(activity, actor, expected_version)
    current.status = status
    current.outcome = outcome.strip()
    current.completed_at = timezone.now()
    current.completed_by = actor
    current.version += 1
    current.save(update_fields=["status", "outcome", "completed_at", "completed_by", "version", "updated_at"])
    return current


@transaction.atomic
def complete_activity(
    activity: Activity, *, actor: Any, outcome: str = "", expected_version: int | None = None
) -> Activity:
    """Mark an open activity done, with what came of it."""
    done = _close(
        activity, actor=actor, status=ActivityStatus.DONE, outcome=outcome, expected_version=expected_version
    )
    events.emit(ActivityCompleted(**_payload(done), outcome=done.outcome), done, actor=actor)
    return done


@transaction.atomic
def cancel_activity(
    activity: Activity, *, actor: Any, outcome: str = "", expected_version: int | None = None
) -> Activity:
    """Cancel an open activity: it will not be done (``outcome`` says why)."""
    cancelled = _close(
        activity,
        actor=actor,
        status=ActivityStatus.CANCELLED,
        outcome=outcome,
        expected_version=expected_version,
    )
    events.emit(ActivityCancelled(**_payload(cancelled), outcome=cancelled.outcome), cancelled, actor=actor)
    return cancelled


@transaction.atomic
def reschedule_activity(
    activity: Activity,
    *,
    actor: Any,
    due_at: datetime | None,
    all_day: bool | None = None,
    assignee: Any = None,
    expected_version: int | None = None,
) -> Activity:
    """Give an open activity another due time (and, with ``assignee``, another person)."""
    errors = Errors()
    if due_at is None:
        errors.add("due_at", _("This field is required."), code="required")
    person = None
    if assignee not in (None, ""):
        target = targets.load(activity.content_type_id, activity.object_id)
        try:
            person = eligible_assignee(assignee, target) if target is not None else None
        except ValidationError as exc:
            errors.capture("assignee", exc)
    errors.raise_if_any()
    assert due_at is not None
    current = _locked(activity, actor, expected_version)
    previous = current.due_at
    if all_day is not None:
        current.all_day = all_day
    current.due_at = _start_of_day(_aware(due_at)) if current.all_day else _aware(due_at)
    if person is not None:
        current.assignee = person
    current.due_notified_at = None
    current.version += 1
    current.save(update_fields=["due_at", "all_day", "assignee", "due_notified_at", "version", "updated_at"])
    events.emit(
        ActivityRescheduled(**_payload(current), previous_due_at=previous.isoformat()), current, actor=actor
    )
    return current
