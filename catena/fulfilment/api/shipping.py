"""REST endpoints for shipments: book goods with a carrier, tracking events, proof of delivery.

A carrier's portal token sees only its own shipments and posts their events and proof of
delivery; a customer's token reads the shipments of its own orders.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from catena.accounts import roles
from catena.core import access, gate
from catena.core.api_schemas import CleanInput, Moment, RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.api.orders import party_for_input
from catena.fulfilment.choices import EventSource
from catena.fulfilment.models import Shipment
from catena.fulfilment.schemas import (
    CarrierEventIn,
    ShipmentIn,
    ShipmentListParams,
    ShipmentOut,
    ShipmentPageOut,
    TrackingEventIn,
    TrackingEventOut,
)
from catena.fulfilment.views.common import pod_file_response
from catena.parties.models import Party
from catena.parties.policies import portal_party_id
from catena.sales.models import SalesOrderLine

router = Router(tags=["shipments"])


class ProofOfDeliveryIn(CleanInput):
    signed_by: str = Field(..., min_length=1, max_length=100, description="Who signed for the goods.")
    signed_at: Moment | None = Field(None, description="ISO 8601; defaults to now.")


class EventOut(Schema):
    shipment: ShipmentOut
    event: TrackingEventOut


def _shipment(request: HttpRequest, shipment_id: int) -> Shipment:
    shipment = selectors.shipment_detail(actor_of(request), shipment_id)
    if shipment is None:
        raise not_found()
    return shipment


def _record(request: HttpRequest, shipment: Shipment, payload: TrackingEventIn) -> dict[str, Any]:
    event = flow.record_tracking_event(
        shipment,
        actor=actor_of(request),
        kind=payload.kind,
        occurred_at=payload.occurred_at,
        location=payload.location,
        reason=payload.reason,
        source=EventSource.API,
        external_id=payload.external_id or None,
        expected_version=payload.version,
    )
    return {"shipment": _shipment(request, shipment.pk), "event": event}


@router.get("/", response=with_errors({200: ShipmentPageOut}), summary="List shipments")
def list_shipments(request: HttpRequest, params: Query[ShipmentListParams]) -> dict[str, Any]:
    """Shipments the caller may see: a carrier its own, a customer those of its orders."""
    qs = selectors.shipment_list(
        actor_of(request),
        status=params.status or "",
        carrier=params.carrier,
        sales_order=params.sales_order,
        q=params.q,
    )
    return page(qs, params)


@router.post("/", response=with_errors({201: ShipmentOut}, 403), summary="Book a shipment")
def create_shipment(request: HttpRequest, payload: ShipmentIn) -> Status[Shipment]:
    """Book the given line quantities of an order (or everything not yet on a shipment) with a
    carrier; promised pick-up and delivery come from the carrier's contract."""
    user = actor_of(request)
    access.ensure(user, access.ADD, Shipment)
    order = selectors.visible_order(user, payload.order)
    if order is None:
        raise ValidationError({"order": ValidationError(_("No such order."), code="unknown_reference")})
    carrier = party_for_input(user, payload.carrier, "carrier")
    lines: list[tuple[SalesOrderLine, Decimal]] | None = None
    if payload.lines is not None:
        own = order.lines.in_bulk([line.line for line in payload.lines])
        errors = {
            f"lines.{index}.line": [
                ValidationError(_("This line belongs to another order."), code="order.line_not_on_order")
            ]
            for index, line in enumerate(payload.lines)
            if line.line not in own
        }
        if errors:
            raise ValidationError(errors)
        lines = [(own[line.line], line.quantity) for line in payload.lines]
    shipment = flow.create_shipment(
        order,
        actor=user,
        carrier=carrier,
        lines=lines,
        tracking_number=payload.tracking_number,
        packages=[p.model_dump() for p in payload.packages],
        ready_at=payload.ready_at,
        notes=payload.notes,
    )
    return Status(201, _shipment(request, shipment.pk))


@router.post(
    "/events", response=with_errors({201: EventOut}, 403), summary="Post an event by tracking number"
)
def post_event_by_reference(request: HttpRequest, payload: CarrierEventIn) -> Status[dict[str, Any]]:
    """For carriers: name the shipment by your tracking number (or our shipment number). Only
    your own shipments are found; another carrier's number is a 422 on `shipment`."""
    user = actor_of(request)
    reference = payload.shipment.strip()
    party_id = portal_party_id(user)
    if roles.is_portal(user):
        carrier = gate.find(user, Party, party_id) if party_id else None
        found = flow.shipment_for_carrier(carrier, reference) if carrier is not None else None
    else:
        found = selectors.shipment_list(user, q=reference).first()
    shipment = selectors.shipment_detail(user, found.pk) if found is not None else None
    if shipment is None:
        raise ValidationError({"shipment": ValidationError(_("No such shipment."), code="unknown_reference")})
    return Status(201, _record(request, shipment, payload))


@router.get("/{shipment_id}", response=with_errors({200: ShipmentOut}, 404), summary="Get a shipment")
def get_shipment(request: HttpRequest, shipment_id: RowId) -> Shipment:
    """With its lines, packages, tracking events and proof of delivery."""
    return _shipment(request, shipment_id)


@router.post(
    "/{shipment_id}/events",
    response=with_errors({201: EventOut}, 403, 404, 409),
    summary="Post a tracking event",
)
def post_event(request: HttpRequest, shipment_id: RowId, payload: TrackingEventIn) -> Status[dict[str, Any]]:
    """Picked up, in transit, out for delivery, delivered, or an exception (with a reason). The
    same `external_id` twice is recorded once. Pick-up and delivery move the order on."""
    return Status(201, _record(request, _shipment(request, shipment_id), payload))


@router.post(
    "/{shipment_id}/proof-of-delivery",
    response=with_errors({200: ShipmentOut}, 403, 404),
    summary="Record proof of delivery",
)
def proof_of_delivery(
    request: HttpRequest,
    shipment_id: RowId,
    payload: Form[ProofOfDeliveryIn],
    photo: File[UploadedFile | None] = None,
) -> Shipment:
    """Multipart form: `signed_by`, optional `signed_at` and an optional `photo` (JPEG, PNG,
    WebP or PDF up to 10 MB). Delivers the shipment if the carrier has not said so yet."""
    shipment = _shipment(request, shipment_id)
    flow.record_proof_of_delivery(
        shipment,
        actor=actor_of(request),
        signed_by=payload.signed_by,
        signed_at=payload.signed_at,
        photo=photo,
        source=EventSource.API,
    )
    return _shipment(request, shipment_id)


@router.get(
    "/{shipment_id}/proof-of-delivery/photo",
    response=with_errors({200: None}, 404),
    summary="Download the proof-of-delivery photo",
)
def proof_of_delivery_photo(request: HttpRequest, shipment_id: RowId) -> HttpResponse:
    shipment = _shipment(request, shipment_id)
    if not shipment.pod_photo:
        raise not_found()
    return pod_file_response(shipment)
