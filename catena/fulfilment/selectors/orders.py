"""The order list: its filters, sorts and the annotations every order row carries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from catena.core import access
from catena.fulfilment.choices import (
    StageState,
)
from catena.fulfilment.models import (
    FlowStep,
    OrderStage,
)
from catena.parties.search import search_condition
from catena.sales.models import SalesOrder

ORDER_SORTS: dict[str, tuple[Any, ...]] = {
    "-ordered": ("-ordered_at", "-id"),
    "ordered": ("ordered_at", "id"),
    "number": ("number",),
    "-number": ("-number",),
    "requested": (F("requested_date").asc(nulls_last=True), "id"),
    "-requested": (F("requested_date").desc(nulls_last=True), "-id"),
    "total": ("total_net", "id"),
    "-total": ("-total_net", "-id"),
    "customer": ("customer__name", "id"),
    "-customer": ("-customer__name", "-id"),
    "stage_since": (F("stage_entered_at").asc(nulls_last=True), "id"),
    "-stage_since": (F("stage_entered_at").desc(nulls_last=True), "-id"),
}
DEFAULT_ORDER_SORT = "-ordered"
INTERACTIONS_SHOWN = 50


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdecimal() and 0 < int(text) < 2**63 else None


@dataclass
class OrderFilter:
    """The filters an order list understands; the page, its export and the API share them."""

    q: str = ""
    status: str = ""
    stage: str = ""
    order_type: str = ""
    customer: int | None = None
    owner: int | None = None
    late: bool = False
    sort: str = DEFAULT_ORDER_SORT

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> OrderFilter:
        """From a query dict, ignoring unknown or malformed values."""
        sort = params.get("sort") or DEFAULT_ORDER_SORT
        return cls(
            q=str(params.get("q") or "").strip()[:100],
            status=str(params.get("status") or ""),
            stage=str(params.get("stage") or "")[:40],
            order_type=str(params.get("order_type") or ""),
            customer=_int(params.get("customer")),
            owner=_int(params.get("owner")),
            late=str(params.get("late") or "") in ("1", "true", "on"),
            sort=sort if sort in ORDER_SORTS else DEFAULT_ORDER_SORT,
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "q": self.q, "status": self.status, "stage": self.stage, "order_type": self.order_type,
            "customer": str(self.customer or ""), "owner": str(self.owner or ""),
            "late": "1" if self.late else "", "sort": self.sort if self.sort != DEFAULT_ORDER_SORT else "",
        }  # fmt: skip
        return {k: v for k, v in values.items() if v}


def order_list(
    user: Any, filters: OrderFilter, *, action: str = access.VIEW, now: datetime | None = None
) -> QuerySet[SalesOrder]:
    """The orders ``user`` may see, filtered and sorted. Each row carries ``stage_name`` (the
    current stage), ``stage_due`` and ``is_late`` (the active stage is past its due time)."""
    now = now or timezone.now()
    return annotated_orders(access.restrict(SalesOrder.objects.all(), user, action), filters, now=now)


def annotated_orders(
    qs: QuerySet[SalesOrder], filters: OrderFilter, *, now: datetime
) -> QuerySet[SalesOrder]:
    if filters.q:
        term = filters.q
        qs = qs.filter(
            Q(number=term.upper()) | Q(customer_reference=term) | Q(customer__in=customers_matching(term))
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.order_type:
        qs = qs.filter(order_type=filters.order_type)
    if filters.customer:
        qs = qs.filter(customer_id=filters.customer)
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    active = OrderStage.objects.filter(order=OuterRef("pk"), state=StageState.ACTIVE)
    current = OrderStage.objects.filter(order=OuterRef("pk"), code=OuterRef("stage"))
    qs = qs.annotate(
        is_late=Exists(active.filter(due_at__lt=now)),
        stage_name=Subquery(current.values("name")[:1]),
        stage_due=Subquery(active.values("due_at")[:1]),
    )
    if filters.late:
        qs = qs.filter(is_late=True)
    return qs.select_related("customer", "owner").order_by(*ORDER_SORTS[filters.sort])


def customers_matching(term: str) -> QuerySet[Any]:
    from catena.parties.models import Party

    return Party.objects.filter(search_condition(term)).values("pk")


def stage_choices() -> list[tuple[str, str]]:
    """Stage codes of every template, with the name of their first occurrence (for filters)."""
    seen: dict[str, str] = {}
    for code, name in FlowStep.objects.order_by("template_id", "sequence").values_list("code", "name"):
        seen.setdefault(code, name)
    return list(seen.items())
