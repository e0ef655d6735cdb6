"""One order with its stages, lines and everything its page and the API show."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone

from catena.accounts import roles
from catena.comms.models import Interaction
from catena.core import access
from catena.core.compiled import KEY, TIME, CompiledQuery, set_prefetched
from catena.fulfilment.choices import (
    ShipmentStatus,
    StageState,
)
from catena.fulfilment.models import (
    OrderStage,
    PurchaseOrder,
    Shipment,
    ShipmentLine,
    SupplierPromise,
    TrackingEvent,
    WorkOrder,
)
from catena.fulfilment.selectors.customer import customer_facts
from catena.fulfilment.selectors.orders import INTERACTIONS_SHOWN, OrderFilter, annotated_orders, order_list
from catena.fulfilment.selectors.stage_lines import StageLine
from catena.fulfilment.services.flow import MOVABLE_STATUSES, MOVE_BACK_ROLES, allowed_targets
from catena.sales.models import OrderInvoice, SalesOrder, SalesOrderLine

S = TypeVar("S", OrderStage, StageLine)

# --- the order 360 ------------------------------------------------------------------------------


@dataclass
class StageRow(Generic[S]):
    """One stage on the order's time line: planned against actual, and who held it for how long."""

    stage: S
    planned_start: datetime | None
    planned_end: datetime | None
    actual_start: datetime | None
    actual_end: datetime | None
    hours_taken: float | None
    over_hours: float | None  # hours beyond the standard time
    late_hours: float | None  # hours past the due time
    is_active: bool
    is_late: bool


def stage_rows(stages: Sequence[S], now: datetime | None = None) -> list[StageRow[S]]:
    now = now or timezone.now()
    rows: list[StageRow[S]] = []
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
    rows: list[StageRow[OrderStage]]
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


def move_targets(user: Any, order: SalesOrder, stages: Sequence[S]) -> list[S]:
    """The stages ``user`` may move the order to now: none unless they may move its active stage."""
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    if active is None or order.status not in MOVABLE_STATUSES:
        return []
    # the policy decides on the stage's department and order: a stage read as values asks as one
    checked = (
        active
        if isinstance(active, OrderStage)
        else OrderStage(pk=active.pk, order=order, department_id=active.department_id)
    )
    if not access.can(user, access.CHANGE, checked):
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
    orders = annotated_orders(SalesOrder.objects.all(), OrderFilter(), now=TIME)
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
