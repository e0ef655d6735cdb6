"""Choosing the owner of a new case by the assignment rules.

Active rules are tried by priority. A rule matches when every criterion it sets matches the case
(type, product line — the product's category or one above it —, the customer's region and tier).
It then picks, among the eligible agents of its team (active staff who may own cases, with the
rule's skill, taking new cases and under their most active cases), those on duty now; with nobody
on duty, any eligible member of the team. Among them it takes turns (round-robin) or the least
loaded. A rule naming a colleague gives the case to them while they may own cases. A rule that
finds nobody passes to the next rule; after the last, the intake's fallback chain decides (the
agent opening the case, the account manager, the service desk).

Each rule's cursor row is locked FOR UPDATE while it picks, so cases opened at the same instant
take turns instead of all landing on the same agent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.utils import timezone

from catena.accounts import roles
from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.catalog.models import Product
from catena.parties.models import Party
from catena.service.choices import ACTIVE_STATUSES, AssignmentMethod
from catena.service.models import (
    AgentAbsence,
    AgentProfile,
    AssignmentCursor,
    AssignmentLog,
    AssignmentRule,
    Case,
    DutySchedule,
)

OWNER_KIND = "case"


@dataclass(frozen=True)
class CaseInputs:
    """What the rules read of a case about to be opened."""

    party: Party
    case_type: str
    product: Product | None = None


def local_now(now: datetime | None = None) -> datetime:
    """``now`` in the working calendar's time zone, where duty schedules are written."""
    return (now or timezone.now()).astimezone(ZoneInfo(settings.CATENA_SLA_TIME_ZONE))


def _may_own(user: User) -> bool:
    try:
        return eligible_owner(user, kind=OWNER_KIND) is not None
    except ValidationError:
        return False


def on_duty_ids(user_ids: Iterable[int], now: datetime | None = None) -> set[int]:
    """Of ``user_ids``, those a duty shift covers at ``now`` (local time) and who are not absent."""
    moment = local_now(now)
    ids = set(user_ids)
    covered = set(
        DutySchedule.objects.filter(
            user_id__in=ids,
            weekday=moment.weekday(),
            starts_at__lte=moment.time(),
            ends_at__gt=moment.time(),
        ).values_list("user_id", flat=True)
    )
    absent = set(
        AgentAbsence.objects.filter(
            user_id__in=covered, starts_on__lte=moment.date(), ends_on__gte=moment.date()
        ).values_list("user_id", flat=True)
    )
    return covered - absent


def is_on_duty(user: User, now: datetime | None = None) -> bool:
    return user.pk in on_duty_ids([user.pk], now)


def _category_ids(product: Product | None) -> set[int]:
    """The product's category and every category above it."""
    found: set[int] = set()
    category = product.category if product is not None else None
    while category is not None and category.pk not in found:
        found.add(category.pk)
        category = category.parent
    return found


def matches(rule: AssignmentRule, inputs: CaseInputs) -> bool:
    """Does every criterion the rule sets match the case?"""
    party = inputs.party
    return (
        (not rule.case_type or rule.case_type == inputs.case_type)
        and (rule.category_id is None or rule.category_id in _category_ids(inputs.product))
        and (not rule.province or rule.province == party.province)
        and (not rule.tier or rule.tier == party.tier)
    )


def _open_counts(user_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Case.objects.filter(owner_id__in=list(user_ids), status__in=ACTIVE_STATUSES, merged_into__isnull=True)
        .values("owner_id")
        .annotate(n=Count("id"))
    )
    return {row["owner_id"]: row["n"] for row in rows}


def _eligible_agents(rule: AssignmentRule, users: list[User]) -> list[User]:
    """Of the team's users, those who may own cases, have the rule's skill, take new cases and
    are under their most active cases."""
    profiles = {p.user_id: p for p in AgentProfile.objects.filter(user_id__in=[u.pk for u in users])}
    counts = _open_counts(u.pk for u in users)
    kept = []
    for user in users:
        profile = profiles.get(user.pk)
        if not _may_own(user):
            continue
        if profile is not None and not profile.is_available:
            continue
        if rule.skill and (profile is None or rule.skill not in (profile.skills or [])):
            continue
        limit = profile.max_open_cases if profile is not None else None
        if limit is not None and counts.get(user.pk, 0) >= limit:
            continue
        kept.append(user)
    return kept


def _round_robin(cursor: AssignmentCursor, agents: list[User]) -> User:
    ordered = sorted(agents, key=lambda user: user.pk)
    last = cursor.last_user_id or 0
    return next((user for user in ordered if user.pk > last), ordered[0])


def _least_loaded(agents: list[User]) -> User:
    ids = [user.pk for user in agents]
    counts = _open_counts(ids)
    last_at = dict(
        AssignmentLog.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(at=Max("at"))
        .values_list("user_id", "at")
    )
    never = datetime.min.replace(tzinfo=ZoneInfo("UTC"))
    return min(agents, key=lambda user: (counts.get(user.pk, 0), last_at.get(user.pk) or never, user.pk))


def _manager_takes_it(rule: AssignmentRule, manager: User | None, team: list[User], now: datetime) -> bool:
    """The rule gives the customer's account manager the case first: when they are in the team,
    eligible like any agent and on duty."""
    if manager is None or not rule.to_account_manager or manager not in team:
        return False
    return bool(_eligible_agents(rule, [manager])) and is_on_duty(manager, now)


def _pick(rule: AssignmentRule, inputs: CaseInputs, now: datetime) -> User | None:
    if rule.user_id is not None:
        assert rule.user is not None
        return rule.user if _may_own(rule.user) else None
    # Locked first: whoever picks next waits here and then sees this pick's case and cursor.
    cursor, _created = AssignmentCursor.objects.get_or_create(rule=rule)
    cursor = AssignmentCursor.objects.select_for_update().get(pk=cursor.pk)
    manager = inputs.party.owner
    team = list(User.objects.filter(department=rule.team, is_active=True).order_by("pk"))
    if _manager_takes_it(rule, manager, team, now):
        assert manager is not None
        return manager
    agents = _eligible_agents(rule, team)
    if not agents:
        return None
    on_duty = on_duty_ids([user.pk for user in agents], now)
    candidates = [user for user in agents if user.pk in on_duty] or agents
    if rule.method == AssignmentMethod.LEAST_LOADED:
        chosen = _least_loaded(candidates)
    else:
        chosen = _round_robin(cursor, candidates)
    cursor.last_user = chosen
    cursor.save(update_fields=["last_user", "updated_at"])
    return chosen


def owner_by_rules(inputs: CaseInputs, *, now: datetime | None = None) -> tuple[User, AssignmentRule] | None:
    """The owner the first matching rule finds, with that rule; ``None`` when no rule finds one.
    Call inside the transaction that saves the case: the cursor stays locked until it commits."""
    moment = now or timezone.now()
    rules = AssignmentRule.objects.filter(is_active=True).select_related("user").order_by("priority", "id")
    for rule in rules:
        if matches(rule, inputs) and (owner := _pick(rule, inputs, moment)) is not None:
            return owner, rule
    return None


def record(case: Case, rule: AssignmentRule | None, *, at: datetime | None = None) -> AssignmentLog:
    """Remember who got the case and by which rule (for the least-loaded tie-break and audits)."""
    return AssignmentLog.objects.create(case=case, rule=rule, user_id=case.owner_id, at=at or timezone.now())


def choose_owner(
    inputs: CaseInputs, *, actor: User | None, fallback: bool = True, now: datetime | None = None
) -> tuple[User, AssignmentRule | None]:
    """The owner of a new case and the rule that chose it: the rules first, then the intake's
    fallback chain (``services.cases.choose_owner``) with no rule."""
    found = owner_by_rules(inputs, now=now)
    if found is not None:
        return found
    from catena.service.services.cases import choose_owner as fallback_owner  # the intake imports us

    return fallback_owner(actor, inputs.party), None


def find_staff(pk: int) -> User | None:
    """The active member of staff ``pk`` names (whose duty anyone on staff may read)."""
    user = User.objects.filter(pk=pk, is_active=True).first()
    return user if user is not None and roles.is_internal(user) else None


def agent_duty(user: User, *, now: datetime | None = None) -> dict[str, object]:
    """An agent's week of shifts, absences from today on and whether they are on duty now."""
    moment = local_now(now)
    profile = AgentProfile.objects.filter(user=user).first()
    return {
        "user": user.pk,
        "on_duty": is_on_duty(user, now),
        "is_available": profile.is_available if profile is not None else True,
        "skills": list(profile.skills) if profile is not None else [],
        "max_open_cases": profile.max_open_cases if profile is not None else None,
        "open_cases": _open_counts([user.pk]).get(user.pk, 0),
        "shifts": list(DutySchedule.objects.filter(user=user)),
        "absences": list(AgentAbsence.objects.filter(user=user, ends_on__gte=moment.date())),
    }
