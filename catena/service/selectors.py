"""Reads of cases for pages and the API, always through the access gate."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from catena.core import access
from catena.core.history import HistoryEntry, history_entries
from catena.service.models import Case, CaseMessage

LIST_COLUMNS = ("party", "owner", "team")


def case_list(
    user: Any,
    *,
    q: str = "",
    status: str = "",
    case_type: str = "",
    owner: int | None = None,
    mine: bool = False,
    party: int | None = None,
    active: bool = False,
) -> QuerySet[Case]:
    """The queue: the cases ``user`` may see, filtered, the most urgent and then the oldest first.
    ``status`` ``"active"`` keeps the cases still being worked."""
    found = Case.objects.for_user(user, access.VIEW).select_related(*LIST_COLUMNS)
    if status == "active" or active:
        found = found.active()
    elif status:
        found = found.filter(status=status)
    if case_type:
        found = found.filter(case_type=case_type)
    if mine:
        found = found.filter(owner_id=getattr(user, "pk", None))
    elif owner:
        found = found.filter(owner_id=owner)
    if party:
        found = found.filter(party_id=party)
    q = q.strip()
    if q:
        found = found.filter(
            Q(number__iexact=q)
            | Q(number__endswith=q)
            | Q(subject__icontains=q)
            | Q(party__name__icontains=q)
        )
    return found.queue_order()


def visible_case(user: Any, pk: int) -> Case | None:
    """The case ``pk`` with what its page shows, or None when ``user`` may not see it."""
    return (
        Case.objects.for_user(user, access.VIEW)
        .select_related(
            "party", "contact", "owner", "team", "order", "order_line", "shipment", "purchase_order",
            "product", "merged_into", "created_by",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip


def conversation(user: Any, case: Case) -> QuerySet[CaseMessage]:
    """The case's messages ``user`` may read, oldest first (a customer never gets the notes)."""
    return case.messages.for_user(user, access.VIEW).select_related("author", "merged_from")


def merge_candidates(user: Any, case: Case) -> QuerySet[Case]:
    """The same customer's other unmerged cases ``user`` may change: where a duplicate may go."""
    return (
        Case.objects.for_user(user, access.CHANGE)
        .filter(party_id=case.party_id, merged_into__isnull=True)
        .exclude(pk=case.pk)
        .order_by("-created_at")[:50]
    )


def case_history(case: Case, limit: int = 30) -> list[HistoryEntry]:
    return history_entries(
        [case.history.all()],
        limit=limit,
        skip=("version", "priority_rank", "status_changed_at", "resolved_at", "closed_at"),
    )
