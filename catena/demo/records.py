"""The simulated history of one demo order and the records behind it, before it is written.

The simulator runs each order to its end, even past today; :mod:`catena.demo.flow` and its
neighbours then write what the database would hold today (``clock``). Primary keys are given
just before writing, so the random draws never depend on the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a flow template, as the simulator needs it."""

    id: int
    sequence: int
    code: str
    name: str
    department_id: int
    department: str
    standard_hours: int
    trigger: str


@dataclass(slots=True)
class Stage:
    step: Step
    due: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None  # None: not finished (held or cancelled for good)
    skipped: bool = False
    by: int | None = None
    note: str = ""


@dataclass(slots=True)
class Line:
    line_no: int
    product_id: int
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    fulfilment: str
    pk: int = 0


@dataclass(slots=True)
class Event:
    """Something that happened to a record: ``kind`` with what it needs (``data``)."""

    at: datetime
    kind: str
    data: tuple[object, ...] = ()


@dataclass(slots=True)
class PurchaseOrder:
    supplier_id: int
    ordered_at: datetime
    needed_by: date
    buyer_id: int | None
    lines: list[tuple[int, Decimal, Decimal, Line | None]]  # product, quantity, unit price, order line
    events: list[Event] = field(default_factory=list)
    order: Order | None = None
    pk: int = 0

    @property
    def received_at(self) -> datetime | None:
        return next((e.at for e in self.events if e.kind == "receive"), None)


@dataclass(slots=True)
class WorkOrder:
    line: Line
    planned_at: datetime
    planned_start: datetime
    planned_finish: datetime
    events: list[Event] = field(default_factory=list)  # released, in_progress, done, cancelled
    pk: int = 0


@dataclass(slots=True)
class Shipment:
    carrier_id: int
    created: datetime
    promised_pickup: datetime
    promised_delivery: datetime
    lines: list[tuple[Line, Decimal]]
    events: list[Event] = field(default_factory=list)  # tracking events, then "pod"
    source: str = "api"
    prefix: str = "SF"
    serial: int = 0
    packages: list[Decimal] = field(default_factory=list)  # weights in kg
    pk: int = 0

    def time_of(self, kind: str) -> datetime | None:
        return next((e.at for e in self.events if e.kind == kind), None)


@dataclass(slots=True)
class Order:
    customer_id: int
    owner_id: int | None
    order_type: str
    ordered_at: datetime
    requested: date | None
    promised: date | None
    ship_to_id: int | None
    city: str
    payment_terms: str
    reference: str
    lines: list[Line]
    stages: list[Stage] = field(default_factory=list)
    statuses: list[Event] = field(default_factory=list)  # data: (status, reason)
    purchase_orders: list[PurchaseOrder] = field(default_factory=list)
    work_orders: list[WorkOrder] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    quoted: str = ""  # placed from an accepted quote: "quote", or "deal" when it also won an opportunity
    pk: int = 0
