"""REST endpoints for purchase orders (with the suppliers' answers) and work orders.

A supplier's portal token sees only its own purchase orders and may answer them (confirm,
propose another date, reject); sending, accepting a proposed date, receiving and cancelling
are the buyer's, so portal callers get 403 there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.accounts import roles
from catena.core import access
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.api.orders import party_for_input, products_by_id
from catena.fulfilment.choices import EventSource
from catena.fulfilment.inputs import total_fits
from catena.fulfilment.models import PurchaseOrder, WorkOrder
from catena.fulfilment.schemas import (
    AnswerIn,
    CancelIn,
    MaterialsIn,
    PlanIn,
    PurchaseOrderIn,
    PurchaseOrderListParams,
    PurchaseOrderOut,
    PurchaseOrderPageOut,
    ReceiveIn,
    VersionIn,
    WorkOrderListParams,
    WorkOrderOut,
    WorkOrderPageOut,
    WorkOrderStatusIn,
)

router = Router(tags=["purchase orders"])
work_router = Router(tags=["work orders"])


def _po(request: HttpRequest, po_id: int) -> PurchaseOrder:
    po = selectors.purchase_order_detail(actor_of(request), po_id)
    if po is None:
        raise not_found()
    return po


def _buyer_only(request: HttpRequest, po: PurchaseOrder) -> None:
    """Sending, accepting a date, receiving and cancelling are our buyers' acts, not the supplier's."""
    if not roles.is_internal(actor_of(request)):
        raise access.PermissionDenied(access.CHANGE, po)


# --- purchase orders -------------------------------------------------------------------------------


@router.get("/", response=with_errors({200: PurchaseOrderPageOut}), summary="List purchase orders")
def list_purchase_orders(request: HttpRequest, params: Query[PurchaseOrderListParams]) -> dict[str, Any]:
    """Purchase orders the caller may see (a supplier: its own), newest first."""
    qs = selectors.purchase_order_list(
        actor_of(request),
        status=params.status or "",
        supplier=params.supplier,
        sales_order=params.sales_order,
        q=params.q.strip(),
        overdue=params.overdue,
    )
    return page(qs, params)


@router.post("/", response=with_errors({201: PurchaseOrderOut}, 403), summary="Create a purchase order")
def create_purchase_order(request: HttpRequest, payload: PurchaseOrderIn) -> Status[PurchaseOrder]:
    user = actor_of(request)
    access.ensure(user, access.ADD, PurchaseOrder)
    supplier = party_for_input(user, payload.supplier, "supplier")
    sales_order = None
    if payload.sales_order is not None:
        sales_order = selectors.visible_order(user, payload.sales_order)
        if sales_order is None:
            raise ValidationError(
                {"sales_order": ValidationError(_("No such order."), code="unknown_reference")}
            )
    products = products_by_id(user, [line.product for line in payload.lines])
    errors: dict[str, list[ValidationError]] = {}
    lines = []
    for index, line in enumerate(payload.lines):
        product = products.get(line.product)
        if product is None:
            errors[f"lines.{index}.product"] = [
                ValidationError(_("No such product."), code="unknown_reference")
            ]
            continue
        lines.append(flow.POLineInput(product=product, quantity=line.quantity, unit_price=line.unit_price))
    if not total_fits((line.quantity, line.unit_price) for line in payload.lines):
        errors["lines"] = [ValidationError(_("The order total is too large."), code="total_too_large")]
    if errors:
        raise ValidationError(errors)
    po = flow.create_purchase_order(
        supplier,
        actor=user,
        lines=lines,
        needed_by=payload.needed_by,
        sales_order=sales_order,
        notes=payload.notes,
        send=payload.send,
    )
    return Status(201, _po(request, po.pk))


@router.post(
    "/materials",
    response=with_errors({201: list[PurchaseOrderOut]}, 403),
    summary="Purchase an order's materials",
)
def purchase_materials(request: HttpRequest, payload: MaterialsIn) -> Status[list[PurchaseOrder]]:
    """One purchase order per preferred supplier for what the order's made-to-order lines need."""
    user = actor_of(request)
    order = selectors.visible_order(user, payload.order)
    if order is None:
        raise ValidationError({"order": ValidationError(_("No such order."), code="unknown_reference")})
    created = flow.purchase_materials(order, actor=user, send=payload.send)
    return Status(201, [_po(request, po.pk) for po in created])


@router.get("/{po_id}", response=with_errors({200: PurchaseOrderOut}, 404), summary="Get a purchase order")
def get_purchase_order(request: HttpRequest, po_id: RowId) -> PurchaseOrder:
    """With its lines and every answer of the supplier (promises, kept or broken)."""
    return _po(request, po_id)


@router.post(
    "/{po_id}/send",
    response=with_errors({200: PurchaseOrderOut}, 403, 404, 409),
    summary="Send to the supplier",
)
def send_purchase_order(request: HttpRequest, po_id: RowId, payload: VersionIn) -> PurchaseOrder:
    po = _po(request, po_id)
    _buyer_only(request, po)
    flow.send_purchase_order(po, actor=actor_of(request), expected_version=payload.version)
    return _po(request, po_id)


@router.post(
    "/{po_id}/answer",
    response=with_errors({200: PurchaseOrderOut}, 403, 404, 409),
    summary="Supplier's answer",
)
def answer_purchase_order(request: HttpRequest, po_id: RowId, payload: AnswerIn) -> PurchaseOrder:
    """Confirm (with a date), propose another date, or reject (with a reason). A new date breaks
    the promise made before it."""
    po = _po(request, po_id)
    flow.answer_purchase_order(
        po,
        actor=actor_of(request),
        answer=payload.answer,
        promised_date=payload.promised_date,
        note=payload.note,
        source=EventSource.API,
        expected_version=payload.version,
    )
    return _po(request, po_id)


@router.post(
    "/{po_id}/accept-date",
    response=with_errors({200: PurchaseOrderOut}, 403, 404, 409),
    summary="Accept the proposed date",
)
def accept_date(request: HttpRequest, po_id: RowId, payload: VersionIn) -> PurchaseOrder:
    po = _po(request, po_id)
    _buyer_only(request, po)
    flow.accept_proposed_date(po, actor=actor_of(request), expected_version=payload.version)
    return _po(request, po_id)


@router.post(
    "/{po_id}/receive", response=with_errors({200: PurchaseOrderOut}, 403, 404), summary="Book goods in"
)
def receive_purchase_order(request: HttpRequest, po_id: RowId, payload: ReceiveIn) -> PurchaseOrder:
    """Quantities by line (everything open when `lines` is left out). Full receipt settles the
    promise: kept when on or before the promised date."""
    po = _po(request, po_id)
    _buyer_only(request, po)
    quantities = None
    if payload.lines is not None:
        quantities = {}
        for index, line in enumerate(payload.lines):
            if line.line in quantities:
                raise ValidationError(
                    {
                        f"lines.{index}.line": ValidationError(
                            _("This line is given twice."), code="line.given_twice"
                        )
                    }
                )
            quantities[line.line] = line.quantity
    flow.receive_purchase_order(po, actor=actor_of(request), quantities=quantities, at=payload.at)
    return _po(request, po_id)


@router.post(
    "/{po_id}/cancel", response=with_errors({200: PurchaseOrderOut}, 403, 404, 409), summary="Cancel"
)
def cancel_purchase_order(request: HttpRequest, po_id: RowId, payload: CancelIn) -> PurchaseOrder:
    po = _po(request, po_id)
    _buyer_only(request, po)
    flow.cancel_purchase_order(
        po, actor=actor_of(request), reason=payload.reason, expected_version=payload.version
    )
    return _po(request, po_id)


# --- work orders -------------------------------------------------------------------------------------


def _wo(request: HttpRequest, wo_id: int) -> WorkOrder:
    wo = selectors.work_order_detail(actor_of(request), wo_id)
    if wo is None:
        raise not_found()
    return wo


@work_router.get("/", response=with_errors({200: WorkOrderPageOut}), summary="List work orders")
def list_work_orders(request: HttpRequest, params: Query[WorkOrderListParams]) -> dict[str, Any]:
    qs = selectors.work_order_list(
        actor_of(request), status=params.status or "", sales_order=params.sales_order, late=params.late
    )
    return page(qs, params)


@work_router.post("/plan", response=with_errors({201: list[WorkOrderOut]}, 403), summary="Plan production")
def plan_production(request: HttpRequest, payload: PlanIn) -> Status[list[WorkOrder]]:
    """One work order per made-to-order line of the order that has none yet."""
    user = actor_of(request)
    order = selectors.visible_order(user, payload.order)
    if order is None:
        raise ValidationError({"order": ValidationError(_("No such order."), code="unknown_reference")})
    created = flow.plan_production(order, actor=user, start=payload.start, hours=payload.hours)
    return Status(201, [_wo(request, wo.pk) for wo in created])


@work_router.get("/{wo_id}", response=with_errors({200: WorkOrderOut}, 404), summary="Get a work order")
def get_work_order(request: HttpRequest, wo_id: RowId) -> WorkOrder:
    return _wo(request, wo_id)


@work_router.post(
    "/{wo_id}/status", response=with_errors({200: WorkOrderOut}, 403, 404, 409), summary="Change the status"
)
def work_order_status(request: HttpRequest, wo_id: RowId, payload: WorkOrderStatusIn) -> WorkOrder:
    """Release, start, finish or cancel; finishing the last one moves the order on."""
    wo = _wo(request, wo_id)
    flow.set_work_order_status(
        wo, actor=actor_of(request), status=payload.status, at=payload.at, expected_version=payload.version
    )
    return _wo(request, wo_id)
