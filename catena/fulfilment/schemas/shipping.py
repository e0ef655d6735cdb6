"""Schemas of shipments: creating one with its lines and packages, tracking events (from staff
or the carrier); the shipment with its lines, packages and events as answered and listed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import InSchema, Moment, PageParams, RowId, RuledOut
from catena.fulfilment.choices import ShipmentStatus, TrackingEventKind
from catena.fulfilment.inputs import MAX_LINES
from catena.fulfilment.models import Package, Shipment, ShipmentLine, TrackingEvent
from catena.fulfilment.schemas.references import OrderRefOut, ProductRefOut
from catena.fulfilment.schemas.types import Quantity, Version
from catena.parties.schemas import AddressOut, PartyRefOut


class ShipmentLineIn(InSchema):
    line: RowId = Field(..., description="Sales order line id.")
    quantity: Quantity


class PackageIn(InSchema):
    sscc: str = Field("", max_length=18, description="18 digits with a GS1 check digit.")
    weight_kg: Decimal | None = Field(None, ge=0, le=Decimal("99999999.99"), decimal_places=2)
    description: str = Field("", max_length=200)


class ShipmentIn(InSchema):
    order: RowId = Field(..., description="Sales order id.")
    carrier: RowId = Field(..., description="Id of a party with the carrier role.")
    tracking_number: str = Field("", max_length=60)
    lines: list[ShipmentLineIn] | None = Field(
        None, description="Everything not yet on a shipment when left out."
    )
    packages: list[PackageIn] = Field(default_factory=list, max_length=MAX_LINES)
    ready_at: Moment | None = None
    notes: str = Field("", max_length=5000)


class TrackingEventIn(InSchema):
    kind: TrackingEventKind
    occurred_at: Moment | None = Field(None, description="ISO 8601; defaults to now.")
    location: str = Field("", max_length=200)
    reason: str = Field("", max_length=300, description="Required for an exception.")
    external_id: str | None = Field(
        None, max_length=100, description="Your event id: the same id twice is recorded once."
    )
    version: Version | None = None


class CarrierEventIn(TrackingEventIn):
    shipment: str = Field(..., min_length=1, max_length=60, description="Tracking number or shipment number.")


class ShipmentLineOut(Schema, RuledOut):
    FIELD_MODEL = ShipmentLine

    id: int
    order_line_id: int
    product: ProductRefOut
    quantity: Decimal

    @staticmethod
    def resolve_product(obj: Any) -> Any:
        return obj.order_line.product


class PackageOut(Schema, RuledOut):
    FIELD_MODEL = Package

    id: int
    sscc: str
    weight_kg: Decimal | None
    description: str


class TrackingEventOut(Schema, RuledOut):
    FIELD_MODEL = TrackingEvent

    id: int
    kind: str
    occurred_at: datetime
    location: str
    reason: str
    source: str
    external_id: str | None
    recorded_at: datetime


class ShipmentSummaryOut(Schema, RuledOut):
    """A shipment (portal users read the portal's view: no internal notes)."""

    FIELD_MODEL = Shipment

    id: int
    number: str
    sales_order: OrderRefOut
    carrier: PartyRefOut
    tracking_number: str
    status: str
    promised_pickup_at: datetime | None
    promised_delivery_at: datetime | None
    picked_up_at: datetime | None
    delivered_at: datetime | None
    delivered_on_time: bool | None
    version: int


class ShipmentOut(ShipmentSummaryOut):
    ship_to: AddressOut | None
    pod_signed_by: str
    pod_signed_at: datetime | None
    has_pod_photo: bool
    notes: str
    lines: list[ShipmentLineOut]
    packages: list[PackageOut]
    events: list[TrackingEventOut]

    @staticmethod
    def resolve_has_pod_photo(obj: Any) -> bool:
        return bool(obj.pod_photo)

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_packages(obj: Any) -> list[Any]:
        return list(obj.packages.all())

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())


class ShipmentPageOut(Schema):
    count: int
    items: list[ShipmentSummaryOut]


class ShipmentListParams(PageParams):
    status: ShipmentStatus | None = None
    carrier: RowId | None = None
    sales_order: RowId | None = None
    q: str = Field("", max_length=60, description="Tracking number or shipment number.")

    model_config = ConfigDict(use_enum_values=True)
