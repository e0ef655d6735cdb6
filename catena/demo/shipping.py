"""Shipments of the demo orders with carriers: booking on the carrier's SLA, pick-up, tracking
events, delivery and proof of delivery (``catena.fulfilment.services.shipping`` semantics).

Carriers are those with a "ships for" contract; the promised pick-up and delivery come from the
contract as ``create_shipment`` computes them, the actual ones from the carrier's hidden
reliability.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from stdnum import ean

from catena.demo import names, places
from catena.demo.pace import EXCELLENT, LATE, factor, festive, hours, reliabilities, working_time
from catena.demo.records import Event, Line, Order, Shipment
from catena.fulfilment.choices import EVENT_STATUS, EventSource, ShipmentStatus, TrackingEventKind
from catena.fulfilment.services.shipping import DEFAULT_PICKUP_HOURS, DEFAULT_TRANSIT_DAYS
from catena.parties.choices import PartyRoleType, PartyStatus, RelationshipKind
from catena.parties.models import Contract, Party
from catena.sales.choices import OrderStatus

Row = dict[str, Any]
PARTIAL_SHARE = 0.08  # of orders shipped in two shipments
SAME_CARRIER_AGAIN = 0.7
LINKED_CARRIER = 0.7  # chance to use a carrier with a contract for this very customer
# reliability -> (share picked up late, share delivered late, share with an exception)
BEHAVIOUR: dict[str, tuple[float, float, float]] = {
    LATE: (0.5, 0.55, 0.07),
    "fine": (0.1, 0.1, 0.025),
    EXCELLENT: (0.02, 0.02, 0.01),
}
PREFIXES = ("SF", "YT", "ZT", "JD", "DB", "YD", "ST", "BS", "KY", "AN")
INTEGRATIONS = (EventSource.API, EventSource.WEBHOOK, EventSource.PORTAL, EventSource.STAFF)
ORIGINS = ("苏州市", "佛山市", "天津市", "武汉市")
EXCEPTIONS = (
    "收货人电话无法接通，待再次派送",
    "外包装破损，待收货人确认",
    "暴雨导致道路封闭，运输延误",
    "收货地址不详，需重新确认",
    "收货人拒收，待协商处理",
    "车辆故障，货物转运中",
)
SSCC_COMPANY = "6901234"  # GS1 company prefix of the demo company


@dataclass(frozen=True)
class Carrier:
    id: int
    kind: str  # hidden reliability
    source: str  # how it reports its events
    prefix: str  # of its tracking numbers
    weight: int  # its share of our business


class Shipping:
    def __init__(self, rng: random.Random, *, logistics: Sequence[int], speed: float) -> None:
        self.rng = rng
        self.logistics = list(logistics)
        self.speed = speed
        carriers = list(
            Party.objects.filter(roles__role=PartyRoleType.CARRIER)
            .exclude(status__in=[PartyStatus.BLOCKED, PartyStatus.ARCHIVED])
            .order_by("id")
            .values_list("id", flat=True)
            .distinct()
        )
        self.default: dict[int, tuple[int, int, bool]] = {}
        self.specific: dict[tuple[int, int], tuple[int, int, bool]] = {}
        self.linked: dict[int, list[int]] = {}
        for carrier_id, to_id, pickup, transit, pod in (
            Contract.objects.filter(
                relationship__kind=RelationshipKind.SHIPS_FOR, relationship__from_party_id__in=carriers
            )
            .order_by("id")
            .values_list(
                "relationship__from_party_id",
                "relationship__to_party_id",
                "pickup_hours",
                "transit_days",
                "proof_of_delivery_required",
            )  # fmt: skip
        ):
            sla = (pickup or DEFAULT_PICKUP_HOURS, transit or DEFAULT_TRANSIT_DAYS, pod)
            self.default.setdefault(carrier_id, sla)
            if (carrier_id, to_id) not in self.specific:
                self.specific[(carrier_id, to_id)] = sla
                self.linked.setdefault(to_id, []).append(carrier_id)
        eligible = [c for c in carriers if c in self.default] or carriers
        kinds = reliabilities(rng, eligible)
        self.carriers = [
            Carrier(c, kinds[c], rng.choice(INTEGRATIONS), PREFIXES[i % len(PREFIXES)], rng.randint(1, 6))
            for i, c in enumerate(eligible)
        ]
        self.by_id = {c.id: c for c in self.carriers}
        self.weights = [c.weight for c in self.carriers]

    def pick(self, customer_id: int) -> Carrier | None:
        linked = [c for c in self.linked.get(customer_id, ()) if c in self.by_id]
        if linked and self.rng.random() < LINKED_CARRIER:
            return self.by_id[self.rng.choice(linked)]
        if not self.carriers:
            return None
        return self.rng.choices(self.carriers, weights=self.weights)[0]

    def sla(self, carrier: Carrier, customer_id: int) -> tuple[int, int, bool]:
        """The contract that applies, as ``carrier_sla`` finds it: this customer's, else the first."""
        return (
            self.specific.get((carrier.id, customer_id))
            or self.default.get(carrier.id)
            or (DEFAULT_PICKUP_HOURS, DEFAULT_TRANSIT_DAYS, False)
        )

    def ship(self, order: Order, at: datetime) -> tuple[datetime, datetime] | None:
        """Book the order's goods once logistics gets to it after ``at`` (in two shipments for
        some orders); returns when the last goods were picked up and when the last arrived."""
        rng = self.rng
        carrier = self.pick(order.customer_id)
        if carrier is None:
            return None
        everything = [(line, line.quantity) for line in order.lines]
        first: list[tuple[Line, Decimal]] = everything
        rest: list[tuple[Line, Decimal]] = []
        if rng.random() < PARTIAL_SHARE:
            first, rest = _split(rng, everything)
        created = working_time(rng, at + hours(factor(rng, 2 * self.speed, 0.6)))
        shipment = self._shipment(order, carrier, first, created)
        pickup, delivered = shipment.time_of("picked_up"), shipment.time_of("delivered")
        assert pickup is not None and delivered is not None
        if rest:
            order.statuses.append(Event(pickup, "status", (OrderStatus.PARTIALLY_SHIPPED, None)))
            again = (
                carrier if rng.random() < SAME_CARRIER_AGAIN else (self.pick(order.customer_id) or carrier)
            )
            later = working_time(rng, pickup + timedelta(days=rng.uniform(2, 10)))
            second = self._shipment(order, again, rest, later)
            pickup, second_delivered = second.time_of("picked_up"), second.time_of("delivered")
            assert pickup is not None and second_delivered is not None
            order.statuses.append(Event(pickup, "status", (OrderStatus.OPEN, None)))
            delivered = max(delivered, second_delivered)
        return pickup, delivered

    def _shipment(
        self, order: Order, carrier: Carrier, lines: list[tuple[Line, Decimal]], created: datetime
    ) -> Shipment:
        rng = self.rng
        pickup_hours, transit_days, pod_required = self.sla(carrier, order.customer_id)
        promised_pickup = created + timedelta(hours=pickup_hours)
        shipment = Shipment(
            carrier_id=carrier.id, created=created, promised_pickup=promised_pickup,
            promised_delivery=promised_pickup + timedelta(days=transit_days), lines=lines,
            source=carrier.source, prefix=carrier.prefix, serial=rng.randrange(10**5),
            packages=[Decimal(rng.randint(500, 80000)) / 100 for _n in range(rng.randint(1, 3))],
        )  # fmt: skip
        late_pickup, late_delivery, exception_share = BEHAVIOUR[carrier.kind]
        if rng.random() < late_pickup:
            pickup = _daytime(
                rng, promised_pickup + hours(rng.uniform(1, 1.5 * pickup_hours + 4)), early=False
            )
        else:
            pickup = _daytime(rng, promised_pickup - hours(rng.uniform(0, 0.8) * pickup_hours), early=True)
        pickup = max(pickup, created + hours(rng.uniform(0.5, 1.5)))
        promised = shipment.promised_delivery
        if rng.random() < late_delivery:
            delivered = _daytime(rng, promised + hours(rng.uniform(3, 60)), early=False)
        else:
            delivered = _daytime(rng, promised - hours(rng.uniform(1, 9.6 * transit_days)), early=True)
        delivered = max(
            delivered, pickup + hours(transit_days * 24 * rng.uniform(0.55, 0.7) * festive(pickup))
        )
        origin, destination = rng.choice(ORIGINS), order.city or places.pick_city(rng).name
        events = [Event(pickup, TrackingEventKind.PICKED_UP, (origin, ""))]
        if rng.random() < exception_share:
            at = pickup + (delivered - pickup) * rng.uniform(0.2, 0.7)
            delay = hours(rng.uniform(12, 72))
            events.append(
                Event(at, TrackingEventKind.EXCEPTION, (places.pick_city(rng).name, rng.choice(EXCEPTIONS)))
            )
            events.append(
                Event(at + delay * 0.5, TrackingEventKind.IN_TRANSIT, (places.pick_city(rng).name, ""))
            )
            delivered = working_time(rng, delivered + delay)
        out = delivered - hours(rng.uniform(1, 4))
        last = events[-1].at
        hops = rng.randint(1, 3)
        for hop in range(1, hops + 1):
            events.append(
                Event(
                    last + (out - last) * hop / (hops + 1),
                    TrackingEventKind.IN_TRANSIT,
                    (places.pick_city(rng).name, ""),
                )
            )
        events.append(Event(out, TrackingEventKind.OUT_FOR_DELIVERY, (destination, "")))
        events.append(Event(delivered, TrackingEventKind.DELIVERED, (destination, "")))
        if pod_required or rng.random() < 0.5:
            events.append(
                Event(
                    delivered + timedelta(minutes=rng.randint(1, 90)), "pod", (names.person_name(rng).full,)
                )
            )
        events.sort(key=lambda e: e.at)
        shipment.events = events
        order.shipments.append(shipment)
        return shipment


def _daytime(rng: random.Random, at: datetime, *, early: bool) -> datetime:
    """Trucks come by day: a moment at night moves to the evening before when the carrier is
    ahead of its promise, to the next morning when it is behind."""
    if 8 <= at.hour < 20:
        return at
    if early:
        evening = at if at.hour >= 20 else at - timedelta(days=1)
        return evening.replace(hour=17 + rng.randrange(3), minute=rng.randrange(60))
    morning = at if at.hour < 8 else at + timedelta(days=1)
    return morning.replace(hour=8 + rng.randrange(2), minute=rng.randrange(60))


def _split(
    rng: random.Random, everything: list[tuple[Line, Decimal]]
) -> tuple[list[tuple[Line, Decimal]], list[tuple[Line, Decimal]]]:
    """What goes now and what follows: whole lines, and part of one line's quantity."""
    first: list[tuple[Line, Decimal]] = []
    rest: list[tuple[Line, Decimal]] = []
    short = rng.randrange(len(everything))
    for index, (line, quantity) in enumerate(everything):
        if index == short and quantity >= 2:
            now = min(max(Decimal(1), (quantity * rng.randint(3, 8) / 10).quantize(Decimal(1))), quantity - 1)
            first.append((line, now))
            rest.append((line, quantity - now))
        elif index == short or (len(everything) > 2 and rng.random() < 0.25):
            rest.append((line, quantity))
        else:
            first.append((line, quantity))
    if not first or not rest:
        return everything, []
    return first, rest


def shipment_rows(
    shipment: Shipment, *, order_id: int, ship_to_id: int | None, clock: datetime, logistics: Sequence[int]
) -> tuple[Row, list[Row], list[Row], list[Row]]:
    """The shipment, its lines, packages and tracking events as they stand at ``clock``."""
    status: str = ShipmentStatus.PLANNED
    version, updated = 1, shipment.created
    picked_up = delivered = signed_at = None
    signed_by = ""
    tracking = f"{shipment.prefix}{shipment.serial:05d}{shipment.pk:07d}"
    events: list[Row] = []
    recorder = logistics[shipment.pk % len(logistics)] if logistics else None
    for number, event in enumerate(shipment.events, 1):
        if event.at > clock:
            break
        version, updated = version + 1, event.at
        if event.kind == "pod":
            signed_by, signed_at = str(event.data[0]), event.at
            continue
        status = EVENT_STATUS[event.kind]
        if event.kind == TrackingEventKind.PICKED_UP:
            picked_up = event.at
        elif event.kind == TrackingEventKind.DELIVERED:
            delivered = event.at
        is_feed = shipment.source in (EventSource.API, EventSource.WEBHOOK)
        typed = shipment.source == EventSource.STAFF
        events.append(
            {
                "shipment_id": shipment.pk,
                "kind": str(event.kind),
                "occurred_at": event.at,
                "location": event.data[0],
                "reason": event.data[1],
                "source": shipment.source,
                "external_id": f"{tracking}-{number}" if is_feed else None,
                "recorded_by_id": recorder if typed else None,
                "recorded_at": min(clock, event.at + timedelta(minutes=90 if typed else 2)),
            }  # fmt: skip
        )
    row = {
        "id": shipment.pk, "number": f"SH-{shipment.pk:07d}", "sales_order_id": order_id,
        "carrier_id": shipment.carrier_id, "tracking_number": tracking, "status": str(status),
        "ship_to_id": ship_to_id, "promised_pickup_at": shipment.promised_pickup,
        "promised_delivery_at": shipment.promised_delivery, "picked_up_at": picked_up,
        "delivered_at": delivered, "pod_signed_by": signed_by, "pod_signed_at": signed_at, "pod_photo": "",
        "version": version, "notes": "", "created_at": shipment.created, "updated_at": updated,
    }  # fmt: skip
    lines = [
        {"shipment_id": shipment.pk, "order_line_id": line.pk, "quantity": quantity}
        for line, quantity in shipment.lines
    ]
    packages = [
        {
            "shipment_id": shipment.pk,
            "sscc": _sscc(shipment.pk, index),
            "weight_kg": weight,
            "description": "托盘" if weight > 200 else "纸箱",
        }
        for index, weight in enumerate(shipment.packages)
    ]
    return row, lines, packages, events


def _sscc(shipment_id: int, index: int) -> str:
    body = f"0{SSCC_COMPANY}{shipment_id % 10**8:08d}{index % 10}"
    return body + ean.calc_check_digit(body)
