"""Reads behind the home dashboard: counts and series, every one through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from catena.comms.models import Interaction
from catena.core import access
from catena.parties.choices import PartyRoleType, PartyStatus
from catena.parties.models import Party, PartyRole

FOLLOW_UP_AFTER_DAYS = 30


@dataclass(frozen=True)
class DashboardCounts:
    parties: int
    active_customers: int
    suppliers: int
    interactions_this_week: int
    my_parties: int


def start_of_week(day: date | None = None) -> datetime:
    """Monday 00:00 of the week holding ``day``, in the current time zone."""
    day = day or timezone.localdate()
    monday = day - timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(monday, time.min))


def visible_parties(user: Any) -> QuerySet[Party]:
    return access.restrict(Party.objects.all(), user, access.VIEW)


def visible_interactions(user: Any) -> QuerySet[Interaction]:
    """The exchanges ``user`` may see: system entries (stage moves, status changes, promises,
    deliveries) are never contact, so no count, series or "last contact" includes them."""
    return access.restrict(Interaction.objects.exchanges(), user, access.VIEW)


def _with_role(parties: QuerySet[Party], role: str) -> QuerySet[Party]:
    return parties.filter(pk__in=PartyRole.objects.filter(role=role).values("party_id"))


def dashboard_counts(user: Any) -> DashboardCounts:
    parties = visible_parties(user)
    return DashboardCounts(
        parties=parties.count(),
        active_customers=_with_role(
            parties.filter(status=PartyStatus.ACTIVE), PartyRoleType.CUSTOMER
        ).count(),
        suppliers=_with_role(parties, PartyRoleType.SUPPLIER).count(),
        interactions_this_week=visible_interactions(user).filter(occurred_at__gte=start_of_week()).count(),
        my_parties=parties.filter(owner_id=user.pk).count(),
    )


def parties_by_role(user: Any) -> list[dict[str, Any]]:
    """How many visible parties play each role, in the order of the role list (zeros included)."""
    rows = (
        PartyRole.objects.filter(party__in=visible_parties(user).values("pk"))
        .values("role")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {row["role"]: row["count"] for row in rows}
    return [
        {"code": code, "label": str(label), "value": counts.get(code, 0)}
        for code, label in PartyRoleType.choices
    ]


def interactions_per_week(user: Any, *, weeks: int = 12) -> list[dict[str, Any]]:
    """Interactions per calendar week (Monday first) for the last ``weeks`` weeks, oldest first."""
    first = start_of_week() - timedelta(weeks=weeks - 1)
    rows = (
        visible_interactions(user)
        .filter(occurred_at__gte=first)
        .annotate(week=TruncWeek("occurred_at", output_field=DateTimeField()))
        .values("week")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: dict[date, int] = {}
    for row in rows:
        week = row["week"]
        day = timezone.localtime(week).date() if timezone.is_aware(week) else week.date()
        counts[day] = counts.get(day, 0) + row["count"]
    series = []
    for i in range(weeks):
        monday = (first + timedelta(weeks=i)).date()
        series.append({"week": monday.isoformat(), "value": counts.get(monday, 0)})
    return series


def recent_interactions(user: Any, *, limit: int = 8) -> list[Interaction]:
    return list(
        visible_interactions(user).select_related("party", "author").order_by("-occurred_at", "-id")[:limit]
    )


def parties_to_follow_up(user: Any, *, days: int = FOLLOW_UP_AFTER_DAYS, limit: int = 10) -> list[Party]:
    """Parties ``user`` owns with no interaction in ``days`` days, longest-silent first."""
    cutoff = timezone.now() - timedelta(days=days)
    last = (
        visible_interactions(user)
        .filter(party_id=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    parties = (
        visible_parties(user)
        .filter(owner_id=user.pk)
        .exclude(status=PartyStatus.ARCHIVED)
        .annotate(last_interaction_at=Subquery(last))
    )
    silent = parties.filter(Q(last_interaction_at__isnull=True) | Q(last_interaction_at__lt=cutoff))
    ordered = silent.order_by(F("last_interaction_at").asc(nulls_first=True), "name", "id")
    return list(ordered.prefetch_related("roles")[:limit])
