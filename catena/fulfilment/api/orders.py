"""REST endpoints for sales orders and their flow: list, detail, place (also from a quote),
change the header, move a stage, hold/release/cancel, record an invoice, and the time line of
stages.

Thin: records are looked up through the access policy (outside the caller's scope is a 404),
one service is called, and the order is read back. The services decide who may act (403), what
is valid (422) and whether the caller's ``version`` is still current (409).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.accounts import roles
from catena.accounts.models import User
from catena.catalog.models import Product
from catena.core import access, answers, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.choices import StageState
from catena.fulfilment.schemas import (
    AssignIn,
    InvoicedOut,
    InvoiceIn,
    MoveIn,
    OrderFlowOut,
    OrderIn,
    OrderListParams,
    OrderOut,
    OrderPageOut,
    OrderPatch,
    StatusIn,
    TimelineOut,
)
from catena.parties.models import Address, Party
from catena.sales import services as sales
from catena.sales.models import SalesOrder
from catena.sales.schemas import QuoteAcceptIn, QuoteAcceptOut
from catena.sales.selectors import pipeline as sales_selectors

router = Router(tags=["orders"])
quotes_router = Router(tags=["quotes"])  # mounted at /quotes/ beside sales' quote endpoints

ORDER_FIELDS = (
    "id", "number", "customer", "order_type", "status", "status_reason", "stage", "stage_entered_at",
    "ordered_at", "requested_date", "promised_date", "currency", "total_net", "total_tax", "owner",
    "version", "customer_reference", "payment_terms", "ship_to", "notes", "created_at", "updated_at",
)  # fmt: skip


def stage_out(row: selectors.StageRow) -> dict[str, Any]:
    """A stage for the API (``StageOut`` keeps from a customer who holds it and its notes)."""
    stage = row.stage
    return {
        "code": stage.code,
        "name": stage.name,
        "sequence": stage.sequence,
        "state": stage.state,
        "department": stage.department.code,
        "owner": stage.owner,
        "standard_hours": stage.standard_hours,
        "due_at": stage.due_at,
        "planned_start": row.planned_start,
        "started_at": stage.started_at,
        "completed_at": stage.completed_at,
        "completed_by": stage.completed_by,
        "hours_taken": row.hours_taken,
        "over_hours": row.over_hours,
        "late_hours": row.late_hours,
        "is_active": row.is_active,
        "is_late": row.is_late,
        "note": stage.note,
        "customer_label": stage.step.customer_label,
        "override_reason": stage.override_reason,
        "overridden_by": stage.overridden_by,
        "overridden_at": stage.overridden_at,
    }


def order_out(user: Any, pk: int) -> dict[str, Any]:
    """The order as ``OrderOut`` for ``user``, or 404 when they may not see it."""
    order = selectors.order_detail(user, pk)
    if order is None:
        raise not_found()
    stages = selectors.order_stage_lines(order)
    rows = selectors.stage_rows(stages)
    current = next((s for s in stages if s.code == order.stage), None)
    data = {name: getattr(order, name) for name in ORDER_FIELDS}
    data |= {
        "stage_name": getattr(order, "stage_name", None),
        "is_late": bool(getattr(order, "is_late", False)),
        "lines": list(order.lines.all()),
        "stages": [stage_out(row) for row in rows],
        "allowed_moves": [
            {"code": s.code, "name": s.name} for s in selectors.move_targets(user, order, stages)
        ],
        "customer_status": _(selectors.customer_status(order, current, stages)),
    }
    return data


def flow_out(user: Any, order: SalesOrder) -> dict[str, Any]:
    """The order's place in its flow as ``OrderFlowOut``, from ``order`` as a service returned it
    (fresh, inside the caller's scope) and one read of its stages."""
    stages = selectors.order_stages(order)
    current = next((s for s in stages if s.code == order.stage), None)
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    return {
        "id": order.pk,
        "number": order.number,
        "status": order.status,
        "status_reason": order.status_reason,
        "stage": order.stage,
        "stage_name": current.name if current is not None else None,
        "stage_entered_at": order.stage_entered_at,
        "is_late": active is not None and active.is_late,
        "version": order.version,
        "customer_status": _(selectors.customer_status(order, current, stages)),
        "stages": [stage_out(row) for row in selectors.stage_rows(stages)],
        "allowed_moves": [
            {"code": s.code, "name": s.name} for s in selectors.move_targets(user, order, stages)
        ],
        "updated_at": order.updated_at,
    }


def visible_order(request: HttpRequest, order_id: int) -> SalesOrder:
    order = selectors.visible_order(actor_of(request), order_id)
    if order is None:
        raise not_found()
    return order


def order_to_change(request: HttpRequest, order_id: int) -> SalesOrder:
    """The order's key if the caller may see it (404 otherwise), for a service that reads and
    locks the order itself."""
    return gate.api_record(request, SalesOrder.objects.only("pk"), order_id)


def party_for_input(user: Any, pk: int, field: str) -> Party:
    party = gate.find(user, Party, pk)
    if party is None:
        raise ValidationError({field: ValidationError(_("No such party."), code="unknown_reference")})
    return party


def _ship_to(user: Any, pk: int | None) -> Address | None:
    if pk is None:
        return None
    address = gate.find(user, Address, pk)
    if address is None:
        raise ValidationError({"ship_to": ValidationError(_("No such address."), code="unknown_reference")})
    return address


def _owner(user: Any, pk: int | None) -> User | None:
    if pk is None:
        return None
    owner = gate.find(user, User, pk)
    if owner is None:
        raise ValidationError(
            {"owner": ValidationError(_("No such active user."), code="owner.not_eligible")}
        )
    return owner


def products_by_id(user: Any, ids: list[int]) -> dict[int, Product]:
    return Product.objects.for_user(user).in_bulk(ids)


# --- endpoints -----------------------------------------------------------------------------------


@router.get("/", response=with_errors({200: OrderPageOut}), summary="List orders")
def list_orders(request: HttpRequest, params: Query[OrderListParams]) -> dict[str, Any]:
    """Orders the caller may see (a portal customer: its own), filtered and sorted."""
    filters = selectors.OrderFilter(
        q=params.q.strip(),
        status=params.status or "",
        stage=params.stage.strip(),
        order_type=params.order_type or "",
        customer=params.customer,
        owner=params.owner,
        late=params.late,
        sort=params.sort,
    )
    result = page(selectors.order_list(actor_of(request), filters), params)
    if not roles.is_internal(actor_of(request)):
        for order in result["items"]:
            order.owner, order.status_reason = None, ""
    return answers.answer(request, OrderPageOut, result)


@router.post("/", response=with_errors({201: OrderOut}, 403), summary="Place an order")
def create_order(request: HttpRequest, payload: OrderIn) -> Status[dict[str, Any]]:
    """Record a customer's order; its flow starts at the first stage of its order type's template."""
    user = actor_of(request)
    access.ensure(user, access.ADD, SalesOrder)
    customer = party_for_input(user, payload.customer, "customer")
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
        lines.append(
            sales.LineInput(
                product=product,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_pct=line.discount_pct,
                tax_rate_pct=line.tax_rate_pct,
                fulfilment=line.fulfilment,
                description=line.description,
            )
        )
    if errors:
        raise ValidationError(errors)
    order = flow.place_order(
        customer,
        actor=user,
        lines=lines,
        order_type=payload.order_type,
        requested_date=payload.requested_date,
        ship_to=_ship_to(user, payload.ship_to),
        payment_terms=payload.payment_terms,
        customer_reference=payload.customer_reference,
        notes=payload.notes,
        owner=_owner(user, payload.owner),
    )
    return Status(201, order_out(user, order.pk))


@router.get("/{order_id}", response=with_errors({200: OrderOut}, 404), summary="Get an order")
def get_order(request: HttpRequest, order_id: RowId) -> Any:
    """The order with its lines, its stages and the stages the caller may move it to now."""
    return answers.answer(request, OrderOut, order_out(actor_of(request), order_id))


@router.patch("/{order_id}", response=with_errors({200: OrderOut}, 403, 404, 409), summary="Change an order")
def update_order(request: HttpRequest, order_id: RowId, payload: OrderPatch) -> dict[str, Any]:
    """Change header fields (reference, dates, ship-to, payment terms, notes, owner). Send the
    `version` you read: if the order changed since, nothing is written and the answer is 409."""
    user = actor_of(request)
    order = visible_order(request, order_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if "ship_to" in changes:
        changes["ship_to"] = _ship_to(user, changes["ship_to"])
    if "owner" in changes:
        changes["owner"] = _owner(user, changes["owner"])
    sales.update_order(order, actor=user, expected_version=version, **changes)
    return order_out(user, order_id)


@router.post(
    "/{order_id}/move",
    response=with_errors({200: OrderFlowOut}, 403, 404, 409),
    summary="Move to another stage",
)
def move_order(request: HttpRequest, order_id: RowId, payload: MoveIn) -> dict[str, Any]:
    """Finish the active stage and start stage `to`: 403 if the stage belongs to another
    department, 422 if the move is not allowed from here, 409 if someone moved the order since
    you read `version`. A stage completed by a fact (shipped, delivered, invoiced, materials
    received, work orders planned or done) moves on only when the fact holds: otherwise 422 naming
    it, unless an administrator or manager sends an `override` reason (403 for anyone else)."""
    user = actor_of(request)
    order = order_to_change(request, order_id)
    moved = flow.move_stage(
        order,
        to=payload.to,
        actor=user,
        expected_version=payload.version,
        note=payload.note,
        override=payload.override,
    )
    return flow_out(user, moved)


@router.post(
    "/{order_id}/status",
    response=with_errors({200: OrderFlowOut}, 403, 404, 409),
    summary="Hold, release or cancel",
)
def change_status(request: HttpRequest, order_id: RowId, payload: StatusIn) -> dict[str, Any]:
    """Put the order on hold, release it, mark it back-ordered, cancel it (a reason is required
    to hold or cancel)."""
    user = actor_of(request)
    order = order_to_change(request, order_id)
    changed = flow.set_status(
        order, status=payload.status, actor=user, reason=payload.reason, expected_version=payload.version
    )
    return flow_out(user, changed)


@router.post(
    "/{order_id}/invoices",
    response=with_errors({201: InvoicedOut}, 403, 404),
    summary="Record an invoice",
)
def record_invoice(request: HttpRequest, order_id: RowId, payload: InvoiceIn) -> Status[dict[str, Any]]:
    """Record an invoice issued for the order (number, date, gross amount). Once the invoices
    cover the order's gross total, its invoicing stage is done and the order moves on. A number
    already recorded, a date in the future or an amount beyond what is not invoiced yet is 422."""
    user = actor_of(request)
    order = order_to_change(request, order_id)
    invoice = flow.record_invoice(
        order, actor=user, number=payload.number, issued_on=payload.issued_on, amount=payload.amount
    )
    fresh = selectors.visible_order(user, order_id)
    if fresh is None:
        raise not_found()
    return Status(201, {"invoice": invoice, "order": flow_out(user, fresh)})


@router.post(
    "/{order_id}/assign",
    response=with_errors({200: OrderFlowOut}, 403, 404),
    summary="Give a stage to a person",
)
def assign_stage(request: HttpRequest, order_id: RowId, payload: AssignIn) -> dict[str, Any]:
    """Staff take the stages of their own department; managers give any stage to anyone."""
    user = actor_of(request)
    order = visible_order(request, order_id)
    stage = order.stages.filter(code=payload.stage).first()
    if stage is None:
        raise ValidationError(
            {"stage": ValidationError(_("No such stage on this order."), code="unknown_reference")}
        )
    flow.assign_stage(stage, actor=user, owner=_owner(user, payload.owner))
    return flow_out(user, order)


@router.get("/{order_id}/timeline", response=with_errors({200: TimelineOut}, 404), summary="Stage time line")
def order_timeline(request: HttpRequest, order_id: RowId) -> dict[str, Any]:
    """Every stage: owning department and owner, standard and actual hours, due and lateness."""
    order = visible_order(request, order_id)
    rows = selectors.stage_rows(selectors.order_stage_lines(order))
    return {"order": order, "stages": [stage_out(row) for row in rows]}


def _quote(request: HttpRequest, quote_id: int) -> Any:
    quote = sales_selectors.visible_quote(actor_of(request), quote_id)
    if quote is None:
        raise not_found()
    return quote


@quotes_router.post(
    "/{quote_id}/accept",
    response=with_errors({201: QuoteAcceptOut}, 403, 404),
    summary="Accept a quote as a sales order",
)
def accept_quote(request: HttpRequest, quote_id: RowId, payload: QuoteAcceptIn) -> Status[dict[str, Any]]:
    """Places the order with the quote's lines and prices and starts its flow, marks the quote
    accepted and its opportunity won, in one transaction. An expired, draft or already accepted
    quote is refused (422)."""
    quote = _quote(request, quote_id)
    ship_to = None
    if payload.ship_to is not None:
        ship_to = gate.find(actor_of(request), quote.customer.addresses.all(), payload.ship_to)
        if ship_to is None:
            raise ValidationError(
                {
                    "ship_to": ValidationError(
                        _("The ship-to address must be one of the customer's addresses."),
                        code="order.ship_to_not_customers",
                    )
                }
            )
    order = flow.place_order_from_quote(
        quote,
        actor=actor_of(request),
        order_type=payload.order_type,
        requested_date=payload.requested_date,
        ship_to=ship_to,
        customer_reference=payload.customer_reference,
    )
    return Status(
        201, {"order_id": order.pk, "order_number": order.number, "quote": _quote(request, quote_id)}
    )
