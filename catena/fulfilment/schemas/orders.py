"""Schemas of orders: placing and changing them, moving their stages, their status, assigning
a stage, recording an invoice; the order, its lines and stages as answered and listed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import Day, InSchema, PageParams, PatchSchema, RowId, RuledOut
from catena.fulfilment.inputs import MAX_LINES
from catena.fulfilment.models import OrderStage
from catena.fulfilment.schemas.references import OrderRefOut, ProductRefOut, StageRefOut
from catena.fulfilment.schemas.types import Percent, Price, Quantity, Version
from catena.parties.schemas import AddressOut, PartyRefOut, UserRefOut
from catena.sales.choices import LineFulfilment, OrderStatus, OrderType, PaymentTerms
from catena.sales.models import SalesOrder, SalesOrderLine

OrderSort = Literal[
    "-ordered", "ordered", "number", "-number", "requested", "-requested",
    "total", "-total", "customer", "-customer", "stage_since", "-stage_since",
]  # fmt: skip


class OrderLineIn(InSchema):
    product: RowId = Field(..., description="Product id.")
    quantity: Quantity
    unit_price: Price | None = Field(
        None,
        description="The customer's price (its price list, else the product's list price) when left out.",
    )
    discount_pct: Percent | None = Field(None, description="The customer's standard discount when left out.")
    tax_rate_pct: Percent = Decimal(13)
    fulfilment: LineFulfilment | None = Field(None, description="From the order type when left out.")
    description: str = Field("", max_length=200)


class OrderIn(InSchema):
    customer: RowId = Field(..., description="Id of a party with the customer, retailer or distributor role.")
    order_type: OrderType = OrderType.MAKE_TO_STOCK
    requested_date: Day | None = None
    ship_to: RowId | None = Field(None, description="Id of one of the customer's addresses.")
    payment_terms: PaymentTerms = PaymentTerms.NET_30
    customer_reference: str = Field("", max_length=60)
    notes: str = Field("", max_length=5000)
    owner: RowId | None = Field(None, description="User id; defaults to the caller.")
    lines: list[OrderLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class OrderPatch(PatchSchema):
    NULLABLE = frozenset({"requested_date", "promised_date", "ship_to", "owner"})

    version: Version
    customer_reference: str | None = Field(None, max_length=60)
    requested_date: Day | None = None
    promised_date: Day | None = None
    ship_to: RowId | None = None
    payment_terms: PaymentTerms | None = None
    notes: str | None = Field(None, max_length=5000)
    owner: RowId | None = None


class MoveIn(InSchema):
    to: str = Field(..., min_length=1, max_length=40, description="Code of the stage to move to.")
    version: Version
    note: str = Field("", max_length=500)
    override: str = Field(
        "",
        max_length=300,
        description=(
            "Why the order moves on although the stage's fact (shipped, delivered, invoiced…) is "
            "missing. Administrators and managers only (403 for others); without it such a move is 422."
        ),
    )


class InvoiceIn(InSchema):
    number: str = Field(..., min_length=1, max_length=40, description="The invoice's number (unique).")
    issued_on: date
    amount: Decimal = Field(..., gt=0, max_digits=18, decimal_places=2, description="Gross amount invoiced.")


class InvoiceOut(Schema):
    id: int
    number: str
    issued_on: date
    amount: Decimal
    recorded_by: UserRefOut | None
    created_at: datetime


class AssignIn(InSchema):
    stage: str = Field(..., min_length=1, max_length=40, description="Code of a stage not yet finished.")
    owner: RowId | None = Field(
        ..., description="User id, or null to put the stage back in its department's queue."
    )


class StatusIn(InSchema):
    status: OrderStatus
    reason: str = Field("", max_length=200, description="Required to hold or cancel.")
    version: Version


class OrderLineOut(Schema, RuledOut):
    FIELD_MODEL = SalesOrderLine

    id: int
    line_no: int
    product: ProductRefOut
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    tax_rate_pct: Decimal
    fulfilment: str
    shipped_quantity: Decimal
    open_quantity: Decimal
    net_amount: Decimal
    tax_amount: Decimal


class StageOut(Schema, RuledOut):
    """A stage on the order's time line: planned against actual, owner and lateness. (A customer
    does not see who inside our company holds it, nor its notes.)"""

    FIELD_MODEL = OrderStage

    code: str
    name: str
    sequence: int
    state: str
    department: str
    owner: UserRefOut | None
    standard_hours: int
    due_at: datetime | None
    planned_start: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    completed_by: UserRefOut | None
    hours_taken: float | None = Field(None, description="Started to finished (or to now while active).")
    over_hours: float | None = Field(None, description="Hours beyond the standard time.")
    late_hours: float | None = Field(None, description="Hours past the due time.")
    is_active: bool
    is_late: bool
    note: str
    customer_label: str
    override_reason: str = Field("", description="Why a manager moved past the stage without its fact.")
    overridden_by: UserRefOut | None = None
    overridden_at: datetime | None = None


class OrderStateOut(Schema, RuledOut):
    """Where an order stands: status, current stage and the version to send back with a change.
    (A customer reads the portal's view: no owner, notes or internal reasons.)"""

    FIELD_MODEL = SalesOrder

    id: int
    number: str
    status: str
    status_reason: str
    stage: str
    stage_name: str | None
    stage_entered_at: datetime | None
    is_late: bool
    version: int


class OrderFlowFields(Schema):
    customer_status: str = Field(..., description="What the customer reads about the order.")
    stages: list[StageOut]
    allowed_moves: list[StageRefOut] = Field(..., description="Stages the caller may move the order to now.")


class OrderSummaryOut(OrderStateOut):
    customer: PartyRefOut
    order_type: str
    ordered_at: datetime
    requested_date: date | None
    promised_date: date | None
    currency: str
    total_net: Decimal
    total_tax: Decimal
    owner: UserRefOut | None


class OrderOut(OrderSummaryOut, OrderFlowFields):
    customer_reference: str
    payment_terms: str
    ship_to: AddressOut | None
    notes: str
    lines: list[OrderLineOut]
    created_at: datetime
    updated_at: datetime


class OrderFlowOut(OrderStateOut, OrderFlowFields):
    """Where an order stands in its flow: what a move, a status change or an assignment answers
    with (the lines and the header do not change then; GET the order for them)."""

    updated_at: datetime


class OrderPageOut(Schema):
    count: int
    items: list[OrderSummaryOut]


class TimelineOut(Schema):
    order: OrderRefOut
    stages: list[StageOut]


class OrderListParams(PageParams):
    q: str = Field("", max_length=100, description="Order number, customer reference or customer name.")
    status: OrderStatus | None = None
    stage: str = Field("", max_length=40, description="Stage code.")
    order_type: OrderType | None = None
    customer: RowId | None = Field(None, description="Customer party id.")
    owner: RowId | None = Field(None, description="User id of the order's owner.")
    late: bool = Field(False, description="Only orders whose active stage is past due.")
    sort: OrderSort = "-ordered"

    model_config = ConfigDict(use_enum_values=True)


class InvoicedOut(Schema):
    invoice: InvoiceOut
    order: OrderFlowOut
