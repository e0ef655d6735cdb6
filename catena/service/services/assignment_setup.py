"""Setting up assignment: rules, agents' profiles, duty shifts and absences. Administrators and
managers call these from the settings pages and the API."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catena.accounts.models import Department, User
from catena.accounts.services import eligible_owner
from catena.catalog.models import Category
from catena.core import access
from catena.parties.choices import PartyTier
from catena.parties.regions import PROVINCE_NAMES
from catena.service.choices import AssignmentMethod, CaseType, Weekday
from catena.service.models import AgentAbsence, AgentProfile, AssignmentCursor, AssignmentRule, DutySchedule

SKILL = re.compile(r"^[\w-]{1,40}$")
MOST_SKILLS = 20
RULE_FIELDS = (
    "name",
    "priority",
    "is_active",
    "case_type",
    "category",
    "province",
    "tier",
    "skill",
    "to_account_manager",
    "team",
    "user",
    "method",
)


def _error(field: str, message: str, code: str) -> dict[str, list[ValidationError]]:
    return {field: [ValidationError(message, code=code)]}


def agent(value: Any) -> User:
    """The active member of staff ``value`` names who may own cases, else a field error."""
    try:
        found = eligible_owner(value, kind="case")
    except ValidationError:
        found = None
    if found is None:
        raise ValidationError(
            _error(
                "user", _("Choose an active member of staff who may own cases."), "assignment.not_an_agent"
            )
        )
    return found


def _check_rule(fields: dict[str, Any], rule: AssignmentRule | None) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    name = str(fields.get("name") or "").strip()
    fields["name"] = name
    if not name:
        errors.update(_error("name", _("This field is required."), "required"))
    elif len(name) > 100:
        errors.update(_error("name", _("The value is too long."), "too_long"))
    priority = fields.get("priority")
    if not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 100000:
        errors.update(_error("priority", _("Give a whole number from 0 to 100000."), "invalid"))
    elif AssignmentRule.objects.filter(priority=priority).exclude(pk=rule.pk if rule else 0).exists():
        errors.update(_error("priority", _("Another rule has this priority."), "assignment.priority_taken"))
    for field, choices in (("case_type", CaseType.values), ("tier", PartyTier.values)):
        if fields.get(field) and fields[field] not in choices:
            errors.update(_error(field, _("This is not one of the allowed values."), "invalid_choice"))
    if fields.get("province") and fields["province"] not in PROVINCE_NAMES:
        errors.update(_error("province", _("This is not one of the allowed values."), "invalid_choice"))
    if fields.get("method") not in AssignmentMethod.values:
        errors.update(_error("method", _("This is not one of the allowed values."), "invalid_choice"))
    skill = fields.get("skill") or ""
    if skill and not SKILL.match(skill):
        errors.update(
            _error("skill", _("Skills are short codes (letters, digits, - and _)."), "assignment.bad_skills")
        )
    for field, model in (("category", Category), ("team", Department)):
        value = fields.get(field)
        if value is not None and not isinstance(value, model):
            if str(value).isdecimal():
                found = model.objects.filter(pk=value).first()
            else:  # a team is also named by its code (``service``)
                found = Department.objects.filter(code=value).first() if model is Department else None
            if found is None:
                errors.update(_error(field, _("No such record."), "unknown_reference"))
            fields[field] = found
    if "team" in errors:
        pass
    elif (fields.get("team") is None) == (fields.get("user") in (None, "")):
        errors.update(_error("team", _("Choose a team or a colleague, not both."), "assignment.no_target"))
    elif fields.get("user") not in (None, ""):
        try:
            fields["user"] = agent(fields["user"])
        except ValidationError as exc:
            errors.update(exc.error_dict)
    else:
        fields["user"] = None
    return errors


@transaction.atomic
def save_rule(rule: AssignmentRule | None, *, actor: User | None, **given: Any) -> AssignmentRule:
    """Create a rule (``rule`` None) or replace an existing rule's fields."""
    if actor is not None:
        access.ensure(actor, access.CHANGE if rule else access.ADD, rule or AssignmentRule)
    fields = {key: given.get(key) for key in RULE_FIELDS}
    unknown = set(given) - set(RULE_FIELDS)
    errors = {key: [ValidationError(_("Unknown field."), code="unknown_field")] for key in unknown}
    fields["is_active"] = bool(fields["is_active"] if fields["is_active"] is not None else True)
    fields["to_account_manager"] = bool(fields["to_account_manager"])
    fields["method"] = fields["method"] or AssignmentMethod.ROUND_ROBIN
    for key in ("case_type", "province", "tier", "skill"):
        fields[key] = str(fields[key] or "").strip()
    errors.update(_check_rule(fields, rule))
    if errors:
        raise ValidationError(errors)
    target = rule or AssignmentRule()
    for key, value in fields.items():
        setattr(target, key, value)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:  # another rule took the priority meanwhile
        raise ValidationError(
            _error("priority", _("Another rule has this priority."), "assignment.priority_taken")
        ) from exc
    AssignmentCursor.objects.get_or_create(rule=target)
    return target


@transaction.atomic
def delete_rule(rule: AssignmentRule, *, actor: User | None) -> None:
    if actor is not None:
        access.ensure(actor, access.DELETE, rule)
    rule.delete()


def _skills(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    skills = sorted({str(item).strip() for item in items if str(item).strip()})
    if len(skills) > MOST_SKILLS or not all(SKILL.match(skill) for skill in skills):
        raise ValidationError(
            _error(
                "skills",
                _("Skills are short codes (letters, digits, - and _), at most 20 of them."),
                "assignment.bad_skills",
            )
        )
    return skills


@transaction.atomic
def save_profile(
    user: Any,
    *,
    actor: User | None,
    skills: Any = (),
    max_open_cases: int | None = None,
    is_available: bool = True,
) -> AgentProfile:
    """Set an agent's skills (codes), the most active cases they carry (None: no limit) and
    whether they take new cases."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, AgentProfile)
    member = agent(user)
    codes = _skills(skills)
    if max_open_cases is not None and not 0 <= max_open_cases <= 10000:
        raise ValidationError(_error("max_open_cases", _("Give a whole number from 0 to 10000."), "invalid"))
    profile, _created = AgentProfile.objects.update_or_create(
        user=member,
        defaults={"skills": codes, "max_open_cases": max_open_cases, "is_available": is_available},
    )
    return profile


@transaction.atomic
def add_shift(user: Any, *, actor: User | None, weekday: int, starts_at: time, ends_at: time) -> DutySchedule:
    """Add a weekly duty shift (local time of the working calendar; it ends the same day)."""
    if actor is not None:
        access.ensure(actor, access.ADD, DutySchedule)
    member = agent(user)
    if weekday not in Weekday.values:
        raise ValidationError(
            _error("weekday", _("This is not one of the allowed values."), "invalid_choice")
        )
    if ends_at <= starts_at:
        raise ValidationError(
            _error("ends_at", _("The end must come after the start."), "assignment.ends_before_start")
        )
    return DutySchedule.objects.create(user=member, weekday=weekday, starts_at=starts_at, ends_at=ends_at)


@transaction.atomic
def add_absence(
    user: Any, *, actor: User | None, starts_on: date, ends_on: date, reason: str = ""
) -> AgentAbsence:
    """Record days an agent is away: off duty whatever their shifts say."""
    if actor is not None:
        access.ensure(actor, access.ADD, AgentAbsence)
    member = agent(user)
    if ends_on < starts_on:
        raise ValidationError(
            _error("ends_on", _("The end must come after the start."), "assignment.ends_before_start")
        )
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise ValidationError(_error("reason", _("The value is too long."), "too_long"))
    return AgentAbsence.objects.create(user=member, starts_on=starts_on, ends_on=ends_on, reason=reason)


@transaction.atomic
def remove_duty(record: DutySchedule | AgentAbsence, *, actor: User | None) -> None:
    """Remove a duty shift or an absence."""
    if actor is not None:
        access.ensure(actor, access.DELETE, record)
    record.delete()
