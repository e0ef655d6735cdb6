"""Purchase orders, work orders, shipments and flow templates as pages and the API list them."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from catena.core import access
from catena.fulfilment.choices import (
    OPEN_PO_STATUSES,
    OPEN_WORK_ORDER_STATUSES,
)
from catena.fulfilment.models import (
    FlowStep,
    FlowTemplate,
    PurchaseOrder,
    Shipment,
    ShipmentLine,
    SupplierPromise,
    TrackingEvent,
    WorkOrder,
)
from catena.fulfilment.selectors.orders import customers_matching

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
        qs = qs.filter(Q(number=q.strip().upper()) | Q(supplier__in=customers_matching(q)))
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
