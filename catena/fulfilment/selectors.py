"""Reads of the order flow shared by the staff pages, the API, exports and the portal.

Every read goes through the access policy. The order list annotates each row with its stage
name and lateness in the same query; the order 360 reads a bounded number of queries whatever
the size of the order or of the tables (each query follows an indexed foreign key).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_noop

from catena.accounts import roles
from catena.comms.models import Interaction
from catena.core import access
from catena.core.compiled import KEY, TIME, CompiledQuery, set_prefetched
from catena.fulfilment.choices import (
    OPEN_PO_STATUSES,
    OPEN_WORK_ORDER_STATUSES,
    ShipmentStatus,
    StageState,
    StepTrigger,
)
from catena.fulfilment.models import (
    FlowStep,
    FlowTemplate,
    OrderStage,
    PurchaseOrder,
    Shipment,
    ShipmentLine,
    SupplierPromise,
    TrackingEvent,
    WorkOrder,
)
from catena.fulfilment.services.flow import MOVABLE_STATUSES, MOVE_BACK_ROLES, allowed_targets
from catena.parties.search import search_condition
from catena.sales.choices import OrderStatus
from catena.sales.models import OrderInvoice, SalesOrder, SalesOrderLine

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
    return _annotated_orders(access.restrict(SalesOrder.objects.all(), user, action), filters, now=now)


def _annotated_orders(
    qs: QuerySet[SalesOrder], filters: OrderFilter, *, now: datetime
) -> QuerySet[SalesOrder]:
    if filters.q:
        term = filters.q
        qs = qs.filter(
            Q(number=term.upper()) | Q(customer_reference=term) | Q(customer__in=_customers_matching(term))
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


def _customers_matching(term: str) -> QuerySet[Any]:
    from catena.parties.models import Party

    return Party.objects.filter(search_condition(term)).values("pk")


def stage_choices() -> list[tuple[str, str]]:
    """Stage codes of every template, with the name of their first occurrence (for filters)."""
    seen: dict[str, str] = {}
    for code, name in FlowStep.objects.order_by("template_id", "sequence").values_list("code", "name"):
        seen.setdefault(code, name)
    return list(seen.items())


# --- the order 360 ------------------------------------------------------------------------------


@dataclass
class StageRow:
    """One stage on the order's time line: planned against actual, and who held it for how long."""

    stage: OrderStage
    planned_start: datetime | None
    planned_end: datetime | None
    actual_start: datetime | None
    actual_end: datetime | None
    hours_taken: float | None
    over_hours: float | None  # hours beyond the standard time
    late_hours: float | None  # hours past the due time
    is_active: bool
    is_late: bool


def stage_rows(stages: list[OrderStage], now: datetime | None = None) -> list[StageRow]:
    now = now or timezone.now()
    rows = []
    for stage in stages:
        is_active = stage.state == StageState.ACTIVE
        planned_end = stage.due_at
        planned_start = planned_end - timedelta(hours=stage.standard_hours) if planned_end else None
        actual_start = stage.started_at
        actual_end = stage.completed_at or (now if is_active else None)
        hours = (
            (actual_end - actual_start).total_seconds() / 3600
            if actual_start and actual_end and stage.state != StageState.SKIPPED
            else None
        )
        late = (actual_end - planned_end).total_seconds() / 3600 if planned_end and actual_end else None
        rows.append(
            StageRow(
                stage=stage,
                planned_start=planned_start,
                planned_end=planned_end,
                actual_start=actual_start,
                actual_end=actual_end,
                hours_taken=round(hours, 1) if hours is not None else None,
                over_hours=round(hours - stage.standard_hours, 1)
                if hours is not None and hours > stage.standard_hours
                else None,
                late_hours=round(late, 1) if late is not None and late > 0 else None,
                is_active=is_active,
                is_late=late is not None and late > 0 and stage.state != StageState.SKIPPED,
            )
        )
    return rows


@dataclass
class Order360:
    """Everything the order 360 page shows, read in a fixed number of queries."""

    order: SalesOrder
    lines: list[SalesOrderLine]
    stages: list[OrderStage]
    rows: list[StageRow]
    active: OrderStage | None
    targets: list[OrderStage]
    purchase_orders: list[PurchaseOrder]
    work_orders: list[WorkOrder]
    shipments: list[Shipment]
    interactions: list[Interaction]
    booked: dict[int, Decimal] = field(default_factory=dict)  # order line id -> on live shipments
    invoices: list[OrderInvoice] = field(default_factory=list)

    @property
    def invoiced(self) -> Decimal:
        return sum((i.amount for i in self.invoices), Decimal(0))

    @property
    def uninvoiced(self) -> Decimal:
        return max(self.order.total_gross - self.invoiced, Decimal(0))

    @property
    def facts(self) -> dict[str, bool]:
        return customer_facts(self.order, lines=self.lines, shipments=self.shipments, invoices=self.invoices)

    @property
    def overrides(self) -> list[OrderStage]:
        """Stages a manager moved the order past although their fact was missing."""
        return [s for s in self.stages if s.override_reason]

    @property
    def current(self) -> OrderStage | None:
        """The active stage, or the last finished one when the order has gone through them all."""
        if self.active is not None:
            return self.active
        done = [s for s in self.stages if s.state == StageState.DONE]
        return done[-1] if done else None

    @property
    def is_late(self) -> bool:
        return any(row.is_late and row.is_active for row in self.rows)

    def unbooked(self) -> list[tuple[SalesOrderLine, Decimal]]:
        """Order lines with quantities not yet on a live shipment."""
        left = [(line, line.quantity - self.booked.get(line.pk, Decimal(0))) for line in self.lines]
        return [(line, q) for line, q in left if q > 0]


def order_stages(order: SalesOrder) -> list[OrderStage]:
    """The order's stages in sequence, with step, department, owner and finisher; a service that
    has just moved the order hands them over with it (no second read)."""
    moved: list[OrderStage] | None = getattr(order, "moved_stages", None)
    if moved is not None:
        return list(moved)
    stages = _stages_query().run(order.pk)
    for stage in stages:
        stage.order = order
    return stages


def move_targets(user: Any, order: SalesOrder, stages: list[OrderStage]) -> list[OrderStage]:
    """The stages ``user`` may move the order to now: none unless they may move its active stage."""
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    if active is None or order.status not in MOVABLE_STATUSES:
        return []
    if not access.can(user, access.CHANGE, active):
        return []
    return allowed_targets(stages, may_move_back=roles.role_of(user) in MOVE_BACK_ROLES)


def order_detail(user: Any, pk: int, *, now: datetime | None = None) -> SalesOrder | None:
    """One order as ``order_list`` rows are (``stage_name``, ``is_late``, customer and owner),
    with its ship-to address and its lines with their products; None when ``user`` may not see
    it. Two queries; for staff, who see every order, both compiled once."""
    now = now or timezone.now()
    if access.scope(user, access.VIEW, SalesOrder) == Q():
        found = _order_detail_query().run(pk, time=now)
        order = found[0] if found else None
    else:
        order = order_list(user, OrderFilter(), now=now).select_related("ship_to").filter(pk=pk).first()
    if order is not None:
        lines = _lines_query().run(order.pk)
        for line in lines:
            line.order = order
        set_prefetched(order, "lines", lines)
    return order


@functools.cache
def _order_detail_query() -> CompiledQuery[SalesOrder]:
    """``order_detail``'s query for a user who may see every order: ``order_list``'s
    annotations without a scope (any such user builds the same query)."""
    orders = _annotated_orders(SalesOrder.objects.all(), OrderFilter(), now=TIME)
    return CompiledQuery(orders.select_related("ship_to").filter(pk=KEY))


@functools.cache
def _lines_query() -> CompiledQuery[SalesOrderLine]:
    return CompiledQuery(SalesOrderLine.objects.select_related("product").filter(order_id=KEY))


@functools.cache
def _stages_query() -> CompiledQuery[OrderStage]:
    stages = OrderStage.objects.select_related("step", "department", "owner", "completed_by", "overridden_by")
    return CompiledQuery(stages.filter(order_id=KEY).order_by("sequence"))


def visible_order(user: Any, pk: int, *, action: str = access.VIEW) -> SalesOrder | None:
    return (
        access.restrict(SalesOrder.objects.all(), user, action)
        .select_related("customer", "owner", "ship_to")
        .filter(pk=pk)
        .first()
    )


def order_360(user: Any, pk: int, *, now: datetime | None = None) -> Order360 | None:
    """The order with its lines, stages, purchase and work orders, shipments and conversation,
    each list limited to what ``user`` may see; None when the order is not theirs to see."""
    order = visible_order(user, pk)
    if order is None:
        return None
    lines = list(order.lines.select_related("product").order_by("line_no"))
    stages = order_stages(order)
    purchase_orders = list(
        access.restrict(PurchaseOrder.objects.filter(sales_order=order), user)
        .select_related("supplier")
        .prefetch_related(
            Prefetch("promises", queryset=SupplierPromise.objects.order_by("answered_at", "id"))
        )
        .order_by("ordered_at", "id")
    )
    work_orders = list(
        access.restrict(WorkOrder.objects.filter(sales_order=order), user)
        .select_related("product")
        .order_by("planned_start", "id")
    )
    shipments = list(
        access.restrict(Shipment.objects.filter(sales_order=order), user)
        .select_related("carrier")
        .prefetch_related(
            Prefetch("events", queryset=TrackingEvent.objects.order_by("occurred_at", "id")),
            Prefetch("lines", queryset=ShipmentLine.objects.order_by("id")),
        )
        .order_by("created_at", "id")
    )
    booked: dict[int, Decimal] = {}
    for shipment in shipments:
        if shipment.status == ShipmentStatus.CANCELLED:
            continue
        for row in shipment.lines.all():
            booked[row.order_line_id] = booked.get(row.order_line_id, Decimal(0)) + row.quantity
    interactions = list(
        access.restrict(
            Interaction.objects.filter(
                party_id=order.customer_id,
                related_type=ContentType.objects.get_for_model(SalesOrder),
                related_id=str(order.pk),
            ),
            user,
        )
        .select_related("author")
        .order_by("-occurred_at", "-id")[:INTERACTIONS_SHOWN]
    )
    return Order360(
        order=order,
        lines=lines,
        stages=stages,
        rows=stage_rows(stages, now),
        active=next((s for s in stages if s.state == StageState.ACTIVE), None),
        targets=move_targets(user, order, stages),
        purchase_orders=purchase_orders,
        work_orders=work_orders,
        shipments=shipments,
        interactions=interactions,
        booked=booked,
        invoices=list(order.invoices.select_related("recorded_by").order_by("issued_on", "id")),
    )


# the facts a customer reads about (the goods left, the goods arrived, the invoice was issued)
CUSTOMER_FACTS = frozenset({StepTrigger.SHIPPED, StepTrigger.DELIVERED, StepTrigger.INVOICED})


CLOSED_WORDS = gettext_noop("Your order is closed.")


def customer_facts(
    order: SalesOrder,
    *,
    lines: list[SalesOrderLine] | None = None,
    shipments: list[Shipment] | None = None,
    invoices: list[OrderInvoice] | None = None,
) -> dict[str, bool]:
    """Whether the goods have shipped, arrived and been invoiced (the facts ``trigger_met``
    checks), from the order's lines, shipments and invoices: pass them, or prefetch them to read a
    page of orders in a fixed number of queries."""
    lines = list(order.lines.all()) if lines is None else lines
    live = [
        s
        for s in (_parts(order, "shipments", Shipment) if shipments is None else shipments)
        if s.status != ShipmentStatus.CANCELLED
    ]
    invoices = _parts(order, "invoices", OrderInvoice) if invoices is None else invoices
    all_shipped = bool(lines) and not any(line.open_quantity > 0 for line in lines)
    return {
        StepTrigger.SHIPPED: all_shipped and any(s.status != ShipmentStatus.PLANNED for s in live),
        StepTrigger.DELIVERED: all_shipped
        and bool(live)
        and all(s.status == ShipmentStatus.DELIVERED for s in live),
        StepTrigger.INVOICED: bool(invoices)
        and sum((i.amount for i in invoices), Decimal(0)) >= order.total_gross,
    }


M = TypeVar("M", bound=Model)


def _parts(order: SalesOrder, name: str, model: type[M]) -> list[M]:
    """The order's ``name`` rows: as prefetched, or by a query compiled once (the order is in
    the caller's scope already; its facts read the same rows for everyone)."""
    if name in getattr(order, "_prefetched_objects_cache", {}):
        return list(getattr(order, name).all())
    return _order_parts_query(name, model).run(order.pk)


@functools.cache
def _order_parts_query(name: str, model: type[M]) -> CompiledQuery[M]:
    order_field = getattr(SalesOrder, name).field.name  # the rows' key to the order
    return CompiledQuery(model._default_manager.filter(**{order_field: KEY}).order_by("pk"))


def unconfirmed_stages(
    order: SalesOrder, stages: list[OrderStage], facts: dict[str, bool] | None = None
) -> set[int]:
    """The finished stages whose fact, one the customer reads about (the goods left, the goods
    arrived, the invoice was issued), does not hold: a manager moved the order past them without
    it, or they were moved before the facts were required."""
    claimed = [s for s in stages if s.state == StageState.DONE and s.step.trigger in CUSTOMER_FACTS]
    if not claimed:
        return set()
    facts = facts or customer_facts(order)
    return {s.pk for s in claimed if not facts[s.step.trigger]}


def told_stage(
    order: SalesOrder, current: OrderStage, stages: list[OrderStage], facts: dict[str, bool] | None = None
) -> OrderStage | None:
    """The stage whose words the customer may read: ``current``, unless it or a stage before it
    stands for a fact the customer reads about that does not hold (the delivery stage while the
    goods travel, a stage a manager moved past without its fact); then the last stage before the
    first such one (None when there is none)."""
    reached = [s for s in stages if s.sequence <= current.sequence and s.state != StageState.SKIPPED]
    claims = [s for s in reached if s.step.trigger in CUSTOMER_FACTS]
    if not claims:
        return current
    facts = facts or customer_facts(order)
    missing = next((s for s in claims if not facts[s.step.trigger]), None)
    if missing is None:
        return current
    earlier = [s for s in reached if s.sequence < missing.sequence]
    return earlier[-1] if earlier else None


def customer_status(
    order: SalesOrder,
    current: OrderStage | None,
    stages: list[OrderStage] | None = None,
    facts: dict[str, bool] | None = None,
) -> str:
    """What the customer reads about the order (untranslated: the caller translates it).

    Given the stages, never more than the facts say: an order is not "delivered" or "complete"
    unless delivered shipments cover it; one closed without them (a manager's override) is closed."""
    if order.status == OrderStatus.CANCELLED:
        return gettext_noop("Your order has been cancelled.")
    if order.status == OrderStatus.ON_HOLD:
        return gettext_noop("Your order is on hold; we will contact you.")
    if current is not None and stages is not None:
        told = told_stage(order, current, stages, facts)
        if told is not current and order.status == OrderStatus.CLOSED:
            return CLOSED_WORDS
        current = told
    if current is not None and current.step.customer_label:
        return current.step.customer_label
    return gettext_noop("We have received your order.")


# --- purchase orders, work orders, shipments, templates ------------------------------------------


def purchase_order_list(
    user: Any,
    *,
    status: str = "",
    supplier: int | None = None,
    sales_order: int | None = None,
    q: str = "",
    overdue: bool = False,
) -> QuerySet[PurchaseOrder]:
    qs = access.restrict(PurchaseOrder.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    if supplier:
        qs = qs.filter(supplier_id=supplier)
    if sales_order:
        qs = qs.filter(sales_order_id=sales_order)
    if q:
        qs = qs.filter(Q(number=q.strip().upper()) | Q(supplier__in=_customers_matching(q)))
    if overdue:
        qs = qs.filter(status__in=OPEN_PO_STATUSES).filter(
            Q(promised_date__lt=timezone.localdate())
            | Q(promised_date__isnull=True, needed_by__lt=timezone.localdate())
        )
    return qs.select_related("supplier", "sales_order", "buyer").order_by("-ordered_at", "-id")


def purchase_order_detail(user: Any, pk: int) -> PurchaseOrder | None:
    return (
        access.restrict(PurchaseOrder.objects.all(), user)
        .select_related("supplier", "sales_order", "buyer")
        .prefetch_related(
            "lines__product",
            Prefetch(
                "promises",
                queryset=SupplierPromise.objects.select_related("answered_by").order_by("answered_at", "id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def work_order_list(
    user: Any, *, status: str = "", sales_order: int | None = None, late: bool = False
) -> QuerySet[WorkOrder]:
    qs = access.restrict(WorkOrder.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    if sales_order:
        qs = qs.filter(sales_order_id=sales_order)
    if late:
        qs = qs.filter(status__in=OPEN_WORK_ORDER_STATUSES, planned_finish__lt=timezone.now())
    return qs.select_related("sales_order", "product").order_by("planned_start", "id")


def work_order_detail(user: Any, pk: int) -> WorkOrder | None:
    return (
        access.restrict(WorkOrder.objects.all(), user)
        .select_related("sales_order__customer", "product", "sales_order_line")
        .filter(pk=pk)
        .first()
    )


def shipment_list(
    user: Any,
    *,
    status: str = "",
    carrier: int | None = None,
    sales_order: int | None = None,
    q: str = "",
) -> QuerySet[Shipment]:
    qs = access.restrict(Shipment.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    if carrier:
        qs = qs.filter(carrier_id=carrier)
    if sales_order:
        qs = qs.filter(sales_order_id=sales_order)
    if q:
        term = q.strip()
        qs = qs.filter(Q(tracking_number=term) | Q(number=term.upper()))
    return qs.select_related("carrier", "sales_order__customer").order_by("-created_at", "-id")


def shipment_detail(user: Any, pk: int) -> Shipment | None:
    return (
        access.restrict(Shipment.objects.all(), user)
        .select_related("carrier", "sales_order__customer", "ship_to")
        .prefetch_related(
            Prefetch(
                "lines", queryset=ShipmentLine.objects.select_related("order_line__product").order_by("id")
            ),
            "packages",
            Prefetch(
                "events",
                queryset=TrackingEvent.objects.select_related("recorded_by").order_by("occurred_at", "id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def template_list(user: Any) -> QuerySet[FlowTemplate]:
    """The templates with their steps in order, each with its department (the list shows it)."""
    return (
        access.restrict(FlowTemplate.objects.all(), user)
        .prefetch_related(
            Prefetch("steps", queryset=FlowStep.objects.select_related("department").order_by("sequence"))
        )
        .order_by("order_type", "name")
    )


def template_detail(user: Any, pk: int) -> FlowTemplate | None:
    return template_list(user).filter(pk=pk).first()
