"""REST endpoints of returns (RMAs) and refunds. A portal customer requests returns of its own
delivered orders and reads its own RMAs and refunds; staff who work cases do the rest."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.parties.models import Party
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.service.choices import CaseChannel
from catena.service.models import Case, Refund, ReturnAuthorization
from catena.service.schemas.returns import (
    InspectionIn,
    RefundDecisionIn,
    RefundIn,
    RefundListParams,
    RefundOut,
    RefundPageOut,
    ReturnDecisionIn,
    ReturnIn,
    ReturnListParams,
    ReturnOut,
    ReturnPageOut,
    ReturnShipmentIn,
)
from catena.service.services import returns as services

returns_router = Router(tags=["returns"])
refunds_router = Router(tags=["refunds"])

RETURN_RELATED = ("party", "policy", "carrier")


def visible_returns(user: Any) -> QuerySet[ReturnAuthorization]:
    return (
        ReturnAuthorization.objects.for_user(user, access.VIEW)
        .select_related(*RETURN_RELATED)
        .prefetch_related("lines__order_line__product")
    )


def _rma(request: HttpRequest, pk: int) -> ReturnAuthorization:
    found = visible_returns(actor_of(request)).filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _refund(request: HttpRequest, pk: int) -> Refund:
    found = Refund.objects.for_user(actor_of(request), access.VIEW).filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _referenced(request: HttpRequest, model: type[Model], pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    found = gate.find(actor_of(request), model, pk)
    if found is None:
        raise ValidationError({field: ValidationError(_("No such record."), code="unknown_reference")})
    return found


@returns_router.get("/", response=with_errors({200: ReturnPageOut}), summary="List returns")
def list_returns(request: HttpRequest, params: Query[ReturnListParams]) -> dict[str, Any]:
    """The latest first; a portal customer lists its own."""
    found = visible_returns(actor_of(request))
    for key in ("status", "order", "case"):
        if (value := getattr(params, key)) is not None:
            found = found.filter(**{key: value})
    if params.party is not None:
        found = found.filter(party_id=params.party)
    return page(found.order_by("-created_at", "-id"), params)


@returns_router.post("/", response=with_errors({201: ReturnOut}, 403), summary="Request a return")
def create_return(request: HttpRequest, payload: ReturnIn) -> Status[ReturnAuthorization]:
    """Each line delivered within the policy's window (`return.window_closed`), no more than
    delivered less what other returns hold (`return.quantity_exceeds`). Without `case` a return
    request case is opened for the order's customer."""
    user = actor_of(request)
    order = _referenced(request, SalesOrder, payload.order, "order")
    lines = []
    for index, item in enumerate(payload.lines):
        line = gate.find(user, SalesOrderLine.objects.filter(order=order), item.order_line)
        if line is None:
            raise ValidationError(
                {
                    f"lines.{index}.order_line": ValidationError(
                        _("This line belongs to another order."), code="return.line_other_order"
                    )
                }
            )
        lines.append(
            services.ReturnLineInput(order_line=line, quantity=item.quantity, condition=item.condition)
        )
    case = _referenced(request, Case, payload.case, "case")
    rma = services.request_return(
        order, actor=user, lines=lines, reason=payload.reason, case=case, channel=CaseChannel.API
    )
    return Status(201, _rma(request, rma.pk))


@returns_router.get("/{rma_id}", response=with_errors({200: ReturnOut}, 404), summary="Get a return")
def get_return(request: HttpRequest, rma_id: RowId) -> ReturnAuthorization:
    return _rma(request, rma_id)


@returns_router.post(
    "/{rma_id}/authorise", response=with_errors({200: ReturnOut}, 403, 404), summary="Authorise a return"
)
def authorise_return(request: HttpRequest, rma_id: RowId, payload: ReturnDecisionIn) -> ReturnAuthorization:
    services.authorise_return(_rma(request, rma_id), actor=actor_of(request), note=payload.note)
    return _rma(request, rma_id)


@returns_router.post(
    "/{rma_id}/reject", response=with_errors({200: ReturnOut}, 403, 404), summary="Reject a return"
)
def reject_return(request: HttpRequest, rma_id: RowId, payload: ReturnDecisionIn) -> ReturnAuthorization:
    """`note` says why (`return.reason_required`)."""
    services.reject_return(_rma(request, rma_id), actor=actor_of(request), reason=payload.note)
    return _rma(request, rma_id)


@returns_router.post(
    "/{rma_id}/ship", response=with_errors({200: ReturnOut}, 403, 404), summary="Record the return shipment"
)
def ship_return(request: HttpRequest, rma_id: RowId, payload: ReturnShipmentIn) -> ReturnAuthorization:
    carrier = _referenced(request, Party, payload.carrier, "carrier")
    services.record_return_shipment(
        _rma(request, rma_id),
        actor=actor_of(request),
        carrier=carrier,
        tracking_number=payload.tracking_number,
    )
    return _rma(request, rma_id)


@returns_router.post(
    "/{rma_id}/receive", response=with_errors({200: ReturnOut}, 403, 404), summary="Receive a return"
)
def receive_return(request: HttpRequest, rma_id: RowId) -> ReturnAuthorization:
    services.receive_return(_rma(request, rma_id), actor=actor_of(request))
    return _rma(request, rma_id)


@returns_router.post(
    "/{rma_id}/inspect", response=with_errors({200: ReturnOut}, 403, 404), summary="Inspect a return"
)
def inspect_return(request: HttpRequest, rma_id: RowId, payload: InspectionIn) -> ReturnAuthorization:
    """A disposition for every line; `return_to_supplier` opens a supplier claim on the case."""
    dispositions = {item.line: (str(item.disposition), item.note) for item in payload.lines}
    services.inspect_return(_rma(request, rma_id), actor=actor_of(request), dispositions=dispositions)
    return _rma(request, rma_id)


@refunds_router.get("/", response=with_errors({200: RefundPageOut}), summary="List refunds")
def list_refunds(request: HttpRequest, params: Query[RefundListParams]) -> dict[str, Any]:
    found = Refund.objects.for_user(actor_of(request), access.VIEW)
    for key in ("status", "rma", "order"):
        if (value := getattr(params, key)) is not None:
            found = found.filter(**{key: value})
    return page(found.order_by("-created_at", "-id"), params)


@refunds_router.post("/", response=with_errors({201: RefundOut}, 403), summary="Propose a refund")
def propose_refund(request: HttpRequest, payload: RefundIn) -> Status[Refund]:
    """On a received or inspected RMA; within its returned value less the restocking fee and the
    order's net total (`refund.exceeds_paid`)."""
    rma = _referenced(request, ReturnAuthorization, payload.rma, "rma")
    refund = services.propose_refund(
        rma, actor=actor_of(request), amount=payload.amount, method=payload.method, note=payload.note
    )
    return Status(201, _refund(request, refund.pk))


@refunds_router.get("/{refund_id}", response=with_errors({200: RefundOut}, 404), summary="Get a refund")
def get_refund(request: HttpRequest, refund_id: RowId) -> Refund:
    return _refund(request, refund_id)


@refunds_router.post(
    "/{refund_id}/approve", response=with_errors({200: RefundOut}, 403, 404), summary="Approve a refund"
)
def approve_refund(request: HttpRequest, refund_id: RowId, payload: RefundDecisionIn) -> Refund:
    """Above the policy's threshold only its approver role approves (`refund.needs_approval`, 403)."""
    services.approve_refund(_refund(request, refund_id), actor=actor_of(request), note=payload.note)
    return _refund(request, refund_id)


@refunds_router.post(
    "/{refund_id}/reject", response=with_errors({200: RefundOut}, 403, 404), summary="Reject a refund"
)
def reject_refund(request: HttpRequest, refund_id: RowId, payload: RefundDecisionIn) -> Refund:
    services.reject_refund(_refund(request, refund_id), actor=actor_of(request), note=payload.note)
    return _refund(request, refund_id)


@refunds_router.post(
    "/{refund_id}/pay", response=with_errors({200: RefundOut}, 403, 404), summary="Pay or credit a refund"
)
def pay_refund(request: HttpRequest, refund_id: RowId) -> Refund:
    """Paid back, or for a credit note credited with a `CN-…` number."""
    services.settle_refund(_refund(request, refund_id), actor=actor_of(request))
    return _refund(request, refund_id)
