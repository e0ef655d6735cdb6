"""Shipments with carriers: booking, tracking events, proof of delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import ean

from catena.accounts.models import User
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.versions import check_version
from catena.fulfilment.choices import EVENT_STATUS, EventSource, ShipmentStatus, TrackingEventKind
from catena.fulfilment.models import Package, Shipment, ShipmentLine, TrackingEvent
from catena.fulfilment.services.flow.moves import MOVABLE_STATUSES, advance
from catena.parties.choices import PartyRoleType, RelationshipKind
from catena.parties.models import Contract, Party
from catena.sales import services as sales
from catena.sales.models import SalesOrder, SalesOrderLine

DEFAULT_PICKUP_HOURS = 24
DEFAULT_TRANSIT_DAYS = 3
# a shipment may move from one status to these by a tracking event
EVENT_FROM: dict[str, frozenset[str]] = {
    TrackingEventKind.PICKED_UP: frozenset({ShipmentStatus.PLANNED, ShipmentStatus.EXCEPTION}),
    TrackingEventKind.IN_TRANSIT: frozenset(
        {ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.EXCEPTION}
    ),
    TrackingEventKind.OUT_FOR_DELIVERY: frozenset(
        {ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.EXCEPTION}
    ),
    TrackingEventKind.DELIVERED: frozenset(
        {
            ShipmentStatus.PICKED_UP,
            ShipmentStatus.IN_TRANSIT,
            ShipmentStatus.OUT_FOR_DELIVERY,
            ShipmentStatus.EXCEPTION,
        }
    ),
    TrackingEventKind.EXCEPTION: frozenset(
        {
            ShipmentStatus.PLANNED,
            ShipmentStatus.PICKED_UP,
            ShipmentStatus.IN_TRANSIT,
            ShipmentStatus.OUT_FOR_DELIVERY,
            ShipmentStatus.EXCEPTION,
        }
    ),
}


def carrier_sla(carrier: Party, customer: Party | None = None) -> Contract | None:
    """The carrier's contract that applies: the one for this customer if there is one, else any."""
    contracts = Contract.objects.filter(
        relationship__from_party=carrier, relationship__kind=RelationshipKind.SHIPS_FOR
    )
    if customer is not None:
        specific = contracts.filter(relationship__to_party=customer).first()
        if specific is not None:
            return specific
    return contracts.order_by("id").first()


def _is_carrier(party: Party) -> bool:
    return party.roles.filter(role=PartyRoleType.CARRIER).exists()


@transaction.atomic
def create_shipment(
    order: SalesOrder,
    *,
    actor: User | None,
    carrier: Party,
    lines: Sequence[tuple[SalesOrderLine, Decimal]] | None = None,
    tracking_number: str = "",
    packages: Sequence[dict[str, Any]] = (),
    ready_at: datetime | None = None,
    notes: str = "",
) -> Shipment:
    """Book goods of ``order`` with ``carrier``: the given line quantities, or everything not yet
    on a shipment. Promised pick-up and delivery come from the carrier's contract (SLA)."""
    if actor is not None:
        access.ensure(actor, access.ADD, Shipment)
        access.ensure(actor, access.VIEW, order)
    order = SalesOrder.objects.select_for_update(of=("self",)).select_related("customer").get(pk=order.pk)
    errors: dict[str, list[ValidationError]] = {}
    if order.status not in MOVABLE_STATUSES:
        errors["order"] = [
            ValidationError(
                _("The order is %(status)s; it cannot ship.") % {"status": order.get_status_display()},
                code="order.not_shippable",
            )
        ]
    if not _is_carrier(carrier):
        errors["carrier"] = [ValidationError(_("This party is not a carrier."), code="party.not_a_carrier")]
    order_lines = {line.pk: line for line in order.lines.all()}
    booked: dict[int, Decimal] = {}
    for row in ShipmentLine.objects.filter(order_line__order=order).exclude(
        shipment__status=ShipmentStatus.CANCELLED
    ):
        booked[row.order_line_id] = booked.get(row.order_line_id, Decimal(0)) + row.quantity
    wanted: list[tuple[SalesOrderLine, Decimal]] = []
    if lines is None:
        for line in order_lines.values():
            left = line.quantity - booked.get(line.pk, Decimal(0))
            if left > 0:
                wanted.append((line, left))
        if not wanted and "order" not in errors:
            errors["lines"] = [
                ValidationError(
                    _("Everything on this order is already on a shipment."), code="order.nothing_to_ship"
                )
            ]
    else:
        given: set[int] = set()
        for index, (line, quantity) in enumerate(lines):
            quantity = Decimal(str(quantity))
            if line.pk not in order_lines:
                errors[f"lines.{index}.line"] = [
                    ValidationError(_("This line belongs to another order."), code="order.line_not_on_order")
                ]
            elif line.pk in given:  # each entry alone could fit what is left, together not
                errors[f"lines.{index}.line"] = [
                    ValidationError(_("This line is given twice."), code="line.given_twice")
                ]
            elif quantity <= 0 or quantity > line.quantity - booked.get(line.pk, Decimal(0)):
                errors[f"lines.{index}.quantity"] = [
                    ValidationError(_("Between 0 and the quantity not yet shipped."), code="out_of_range")
                ]
            else:
                wanted.append((line, quantity))
            given.add(line.pk)
    for index, package in enumerate(packages):
        sscc = str(package.get("sscc") or "").strip()
        if sscc and (
            len(sscc) != 18
            or not (sscc.isascii() and sscc.isdigit())
            or ean.calc_check_digit(sscc[:-1]) != sscc[-1]
        ):
            errors[f"packages.{index}.sscc"] = [
                ValidationError(
                    _("An SSCC has 18 digits with a valid check digit."), code="package.invalid_sscc"
                )
            ]
    if errors:
        raise ValidationError(errors)
    contract = carrier_sla(carrier, order.customer)
    start = ready_at or timezone.now()
    pickup_hours = (
        contract.pickup_hours if contract and contract.pickup_hours else None
    ) or DEFAULT_PICKUP_HOURS
    transit_days = (
        contract.transit_days if contract and contract.transit_days else None
    ) or DEFAULT_TRANSIT_DAYS
    (pk,) = reserve_ids(Shipment, 1)
    shipment = Shipment(
        pk=pk,
        number=f"SH-{pk:07d}",
        sales_order=order,
        carrier=carrier,
        tracking_number=tracking_number.strip()[:60],
        ship_to=order.ship_to,
        promised_pickup_at=start + timedelta(hours=pickup_hours),
        promised_delivery_at=start + timedelta(hours=pickup_hours) + timedelta(days=transit_days),
        notes=notes,
    )
    save_with_history(shipment, actor=actor, force_insert=True)
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line=line, quantity=q) for line, q in wanted
    )
    Package.objects.bulk_create(
        Package(
            shipment=shipment,
            sscc=str(p.get("sscc") or "").strip(),
            weight_kg=p.get("weight_kg"),
            description=str(p.get("description") or "")[:200],
        )
        for p in packages
    )
    events.emit(
        "shipment.created",
        shipment,
        actor=actor,
        payload={"number": shipment.number, "sales_order": order.pk, "carrier": carrier.pk},
    )
    return shipment


def _order_timeline(order: SalesOrder, subject: str, body: str = "") -> None:
    log_interaction(
        order.customer,
        actor=None,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=subject[:200],
        body=body,
        related=order,
        system=True,
    )


@transaction.atomic
def record_tracking_event(
    shipment: Shipment,
    *,
    actor: User | None,
    kind: str,
    occurred_at: datetime | None = None,
    location: str = "",
    reason: str = "",
    source: str = EventSource.STAFF,
    external_id: str | None = None,
    expected_version: int | None = None,
) -> TrackingEvent:
    """Record what the carrier reports. The same ``external_id`` twice is recorded once (the first
    event is returned). Pick-up ships the lines; delivery of every shipment moves the order on."""
    shipment = Shipment.objects.select_for_update().select_related("sales_order").get(pk=shipment.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, shipment)
    if external_id:  # a retried event is answered with the first one, whatever version it carries
        existing = TrackingEvent.objects.filter(shipment=shipment, external_id=external_id).first()
        if existing is not None:
            return existing
    check_version(shipment, expected_version)
    errors: dict[str, list[ValidationError]] = {}
    if kind not in TrackingEventKind.values:
        errors["kind"] = [
            ValidationError(
                _("“%(value)s” is not one of the allowed values.") % {"value": kind}, code="invalid_choice"
            )
        ]
    elif shipment.status not in EVENT_FROM[kind]:
        errors["kind"] = [
            ValidationError(
                _("A shipment that is %(status)s cannot be “%(kind)s”.")
                % {"status": shipment.get_status_display(), "kind": TrackingEventKind(kind).label},
                code="shipment.transition_not_allowed",
            )
        ]
    if kind == TrackingEventKind.EXCEPTION and not reason.strip():
        errors["reason"] = [ValidationError(_("Say what went wrong."), code="required")]
    now = timezone.now()
    when = occurred_at or now
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when > now + timedelta(minutes=10):
        errors["occurred_at"] = [
            ValidationError(_("The event cannot be in the future."), code="out_of_range")
        ]
    if errors:
        raise ValidationError(errors)
    event = TrackingEvent(
        shipment=shipment,
        kind=kind,
        occurred_at=when,
        location=location.strip()[:200],
        reason=reason.strip()[:300],
        source=source,
        external_id=external_id or None,
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return TrackingEvent.objects.get(shipment=shipment, external_id=external_id)
    shipment.status = EVENT_STATUS[kind]
    if kind == TrackingEventKind.PICKED_UP:
        shipment.picked_up_at = when
        _ship_lines(shipment, actor)
    elif kind == TrackingEventKind.DELIVERED:
        shipment.delivered_at = when
        shipment.picked_up_at = shipment.picked_up_at or when
    shipment.version += 1
    save_with_history(shipment, actor=actor)
    order = shipment.sales_order
    events.emit(
        "shipment.event",
        shipment,
        actor=actor,
        payload={
            "number": shipment.number,
            "tracking_number": shipment.tracking_number,
            "sales_order": order.pk,
            "carrier": shipment.carrier_id,
            "kind": kind,
            "occurred_at": when.isoformat(),
            "location": event.location,
            "reason": event.reason,
        },
    )
    if kind in (TrackingEventKind.DELIVERED, TrackingEventKind.EXCEPTION):
        _order_timeline(
            order,
            _("Shipment %(number)s: %(kind)s")
            % {"number": shipment.number, "kind": TrackingEventKind(kind).label},
            event.reason or event.location,
        )
    if kind in (TrackingEventKind.PICKED_UP, TrackingEventKind.DELIVERED):
        advance(order, actor=None, at=when)
    return event


def _ship_lines(shipment: Shipment, actor: User | None) -> None:
    """Goods left with the carrier: sales counts them as shipped and marks the order partially
    shipped while quantities remain."""
    quantities: dict[int, Decimal] = {}
    for row in shipment.lines.all():
        quantities[row.order_line_id] = quantities.get(row.order_line_id, Decimal(0)) + row.quantity
    sales.record_shipped(shipment.sales_order, quantities=quantities, actor=actor)


@transaction.atomic
def record_proof_of_delivery(
    shipment: Shipment,
    *,
    actor: User | None,
    signed_by: str,
    signed_at: datetime | None = None,
    photo: File | None = None,
    source: str = EventSource.STAFF,
) -> Shipment:
    """Who signed for the goods and when, with an optional photo; delivers the shipment if the
    carrier has not said so yet."""
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, shipment)
    errors: dict[str, list[ValidationError]] = {}
    if not signed_by.strip():
        errors["signed_by"] = [ValidationError(_("This field is required."), code="required")]
    if shipment.status in (ShipmentStatus.PLANNED, ShipmentStatus.CANCELLED):
        errors["__all__"] = [
            ValidationError(_("The shipment has not been picked up."), code="shipment.transition_not_allowed")
        ]
    if photo is not None:
        name = (getattr(photo, "name", "") or "").lower()
        if not name.endswith((".jpg", ".jpeg", ".png", ".webp", ".pdf")):
            errors["photo"] = [
                ValidationError(_("Upload a JPEG, PNG, WebP or PDF file."), code="file.invalid_type")
            ]
        elif getattr(photo, "size", 0) > 10 * 1024 * 1024:
            errors["photo"] = [ValidationError(_("The file is larger than 10 MB."), code="file.too_large")]
    if errors:
        raise ValidationError(errors)
    when = signed_at or timezone.now()
    if shipment.status != ShipmentStatus.DELIVERED:
        record_tracking_event(
            shipment, actor=actor, kind=TrackingEventKind.DELIVERED, occurred_at=when, source=source
        )
        shipment = Shipment.objects.get(pk=shipment.pk)
    shipment.pod_signed_by = signed_by.strip()[:100]
    shipment.pod_signed_at = when
    if photo is not None:
        shipment.pod_photo.save(getattr(photo, "name", "pod.jpg"), photo, save=False)
    shipment.version += 1
    save_with_history(shipment, actor=actor)
    events.emit(
        "shipment.proof_of_delivery",
        shipment,
        actor=actor,
        payload={"number": shipment.number, "signed_by": shipment.pod_signed_by},
    )
    return shipment


def shipment_for_carrier(carrier: Party, reference: str) -> Shipment | None:
    """The carrier's shipment by tracking number or shipment number (another carrier's: None)."""
    reference = reference.strip()
    if not reference:
        return None
    return (
        Shipment.objects.filter(carrier=carrier)
        .filter(Q(tracking_number=reference) | Q(number=reference))
        .first()
    )
