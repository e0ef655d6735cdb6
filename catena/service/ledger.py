"""Reads of promises for the case page, the ledger page, the portal and the API, always through
the access gate; and the ledger's figures: kept, broken and open promises per agent and per
customer, with the kept rate (kept out of kept and broken — cancelled promises count for nobody)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from catena.accounts.models import User
from catena.core import access
from catena.service.choices import PromiseStatus
from catena.service.models import Case, Promise

DUE_SOON = timedelta(hours=24)


def case_promises(user: Any, case: Case) -> QuerySet[Promise]:
    """The case's promises ``user`` may see, the soonest due first."""
    return (
        Promise.objects.filter(case=case).for_user(user, access.VIEW).select_related("made_by", "resolved_by")
    )


def visible_promise(user: Any, pk: int) -> Promise | None:
    return (
        Promise.objects.for_user(user, access.VIEW)
        .select_related("case", "party", "made_by", "resolved_by")
        .filter(pk=pk)
        .first()
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def promise_list(
    user: Any,
    *,
    agent: int | None = None,
    party: int | None = None,
    case: int | None = None,
    status: str = "",
    due_from: date | None = None,
    due_to: date | None = None,
) -> QuerySet[Promise]:
    """The promises ``user`` may see, filtered: by the agent who made them, the customer, the
    case, the status, and the days they fall due (``due_from`` and ``due_to`` included)."""
    found = Promise.objects.for_user(user, access.VIEW)
    if agent:
        found = found.filter(made_by_id=agent)
    if party:
        found = found.filter(party_id=party)
    if case:
        found = found.filter(case_id=case)
    if status:
        found = found.filter(status=status)
    if due_from:
        found = found.filter(due_at__gte=_day_start(due_from))
    if due_to:
        found = found.filter(due_at__lt=_day_start(due_to + timedelta(days=1)))
    return found


@dataclass
class LedgerRow:
    """One agent's or one customer's promises: how many were kept, broken, are open, cancelled."""

    key: int
    name: str
    kept: int
    broken: int
    open: int
    cancelled: int

    @property
    def settled(self) -> int:
        return self.kept + self.broken

    @property
    def kept_rate(self) -> float | None:
        """Kept out of kept and broken, in percent; None while none is settled."""
        return round(100 * self.kept / self.settled, 1) if self.settled else None


def _rows(found: QuerySet[Promise], key: str, name: str) -> list[LedgerRow]:
    counted = (
        found.order_by()
        .values(key, name)
        .annotate(
            kept=Count("pk", filter=Q(status=PromiseStatus.KEPT)),
            broken=Count("pk", filter=Q(status=PromiseStatus.BROKEN)),
            open=Count("pk", filter=Q(status=PromiseStatus.OPEN)),
            cancelled=Count("pk", filter=Q(status=PromiseStatus.CANCELLED)),
        )
    )
    rows = [
        LedgerRow(
            key=row[key],
            name=str(row[name] or ""),
            kept=row["kept"],
            broken=row["broken"],
            open=row["open"],
            cancelled=row["cancelled"],
        )
        for row in counted
    ]
    # the most broken first: that is who needs a word; then by name for a stable order
    return sorted(rows, key=lambda r: (-r.broken, r.kept_rate if r.kept_rate is not None else 101, r.name))


def ledger_by_agent(found: QuerySet[Promise]) -> list[LedgerRow]:
    """Per agent who made the promises in ``found``."""
    rows = _rows(found, "made_by_id", "made_by__username")
    names = _agent_names({row.key for row in rows})
    for row in rows:
        row.name = names.get(row.key, row.name)
    return rows


def _agent_names(ids: set[int]) -> dict[int, str]:
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=ids)}


def ledger_by_customer(found: QuerySet[Promise]) -> list[LedgerRow]:
    """Per customer the promises in ``found`` were made to."""
    return _rows(found, "party_id", "party__name")


def badge(promise: Promise, now: datetime) -> str:
    """What the case page and the ledger show for a promise: its status, or for an open one
    ``overdue`` (due, the sweep has not come by yet) or ``due_soon`` (due within a day)."""
    if not promise.is_open:
        return promise.status
    if promise.due_at <= now:
        return "overdue"
    if promise.due_at - now <= DUE_SOON:
        return "due_soon"
    return PromiseStatus.OPEN
