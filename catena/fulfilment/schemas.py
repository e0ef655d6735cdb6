"""Input and output schemas of the order-flow API: orders, purchase orders, work orders,
shipments and flow templates.

Input enums are the model choices, so an unknown value is a 422 naming the field. Numbers are
bounded by their database columns. ``version`` is the record's version as the caller read it;
a newer one on the server answers 409.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.accounts.choices import DepartmentCode
from catena.core.api_schemas import Day, InSchema, Moment, PageParams, PatchSchema, RowId, RuledOut
from catena.fulfilment.choices import (
    PurchaseOrderStatus,
    ShipmentStatus,
    StepTrigger,
    SupplierAnswer,
    TrackingEventKind,
    WorkOrderStatus,
)
from catena.fulfilment.inputs import MAX_LINES, MAX_PRICE, MAX_QUANTITY
from catena.fulfilment.models import (
    OrderStage,
    Package,
    PurchaseOrder,
    PurchaseOrderLine,
    Shipment,
    ShipmentLine,
    SupplierPromise,
    TrackingEvent,
)
from catena.parties.schemas import AddressOut, PartyRefOut, UserRefOut
from catena.sales.choices import LineFulfilment, OrderStatus, OrderType, PaymentTerms
from catena.sales.models import SalesOrder, SalesOrderLine

Quantity = Annotated[Decimal, Field(gt=0, le=MAX_QUANTITY, decimal_places=3)]
OpenQuantity = Annotated[Decimal, Field(ge=0, le=MAX_QUANTITY, decimal_places=3)]
Price = Annotated[Decimal, Field(ge=0, le=MAX_PRICE, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version you read; 409 if it changed.")]
OrderSort = Literal[
    "-ordered", "ordered", "number", "-number", "requested", "-requested",
    "total", "-total", "customer", "-customer", "stage_since", "-stage_since",
]  # fmt: skip


# --- shared references ---------------------------------------------------------------------------


class ProductRefOut(Schema):
    id: int
    sku: str
    name: str


class OrderRefOut(Schema):
    id: int
    number: str


class StageRefOut(Schema):
    code: str
    name: str


# --- orders ------------------------------------------------------------------------------------------


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


# --- purchase orders -------------------------------------------------------------------------------


class POLineIn(InSchema):
    product: RowId
    quantity: Quantity
    unit_price: Price | None = Field(None, description="The supplier's price, else the standard cost.")


class PurchaseOrderIn(InSchema):
    supplier: RowId = Field(..., description="Id of a party with the supplier or manufacturer role.")
    needed_by: Day
    sales_order: RowId | None = Field(None, description="The sales order the goods are for.")
    notes: str = Field("", max_length=5000)
    send: bool = Field(False, description="Send it to the supplier at once.")
    lines: list[POLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class MaterialsIn(InSchema):
    order: RowId = Field(..., description="Sales order whose made-to-order lines need materials.")
    send: bool = True


class VersionIn(InSchema):
    version: Version | None = None


class AnswerIn(InSchema):
    answer: SupplierAnswer
    promised_date: Day | None = Field(
        None, description="Required to propose; defaults to the need date to confirm."
    )
    note: str = Field("", max_length=500, description="Required to reject.")
    version: Version | None = None


class CancelIn(InSchema):
    reason: str = Field(..., max_length=500)
    version: Version | None = None


class ReceiveLineIn(InSchema):
    line: RowId = Field(..., description="Purchase order line id.")
    quantity: OpenQuantity


class ReceiveIn(InSchema):
    lines: list[ReceiveLineIn] | None = Field(None, description="Everything still open when left out.")
    at: Moment | None = None


class POLineOut(Schema, RuledOut):
    FIELD_MODEL = PurchaseOrderLine

    id: int
    line_no: int
    product: ProductRefOut
    quantity: Decimal
    unit_price: Decimal | None = Field(..., description="null for callers who may not read purchase prices.")
    received_quantity: Decimal
    sales_order_line_id: int | None


class PromiseOut(Schema, RuledOut):
    FIELD_MODEL = SupplierPromise

    id: int
    answer: str
    promised_date: date | None
    note: str
    answered_at: datetime
    answered_by: UserRefOut | None
    source: str
    kept: bool | None
    resolved_at: datetime | None


class PurchaseOrderSummaryOut(Schema, RuledOut):
    """A purchase order (a supplier reads the portal's view: no buyer, notes or our sales order)."""

    FIELD_MODEL = PurchaseOrder

    id: int
    number: str
    supplier: PartyRefOut
    sales_order: OrderRefOut | None
    status: str
    ordered_at: datetime
    sent_at: datetime | None
    needed_by: date
    promised_date: date | None
    answered_at: datetime | None
    received_at: datetime | None
    currency: str
    total_net: Decimal | None = Field(..., description="null for callers who may not read purchase prices.")
    version: int


class PurchaseOrderOut(PurchaseOrderSummaryOut):
    buyer: UserRefOut | None
    notes: str
    lines: list[POLineOut]
    promises: list[PromiseOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_promises(obj: Any) -> list[Any]:
        return list(obj.promises.all())


class PurchaseOrderPageOut(Schema):
    count: int
    items: list[PurchaseOrderSummaryOut]


class PurchaseOrderListParams(PageParams):
    status: PurchaseOrderStatus | None = None
    supplier: RowId | None = None
    sales_order: RowId | None = None
    q: str = Field("", max_length=100, description="Purchase order number or supplier name.")
    overdue: bool = Field(False, description="Open and past the promised (or needed-by) date.")

    model_config = ConfigDict(use_enum_values=True)


# --- work orders -----------------------------------------------------------------------------------


class PlanIn(InSchema):
    order: RowId = Field(..., description="Sales order to plan production for.")
    start: Moment | None = None
    hours: int | None = Field(None, ge=1, le=24 * 366)


class WorkOrderStatusIn(InSchema):
    status: WorkOrderStatus
    version: Version | None = None
    at: Moment | None = None


class WorkOrderOut(Schema):
    id: int
    number: str
    sales_order: OrderRefOut
    sales_order_line_id: int | None
    product: ProductRefOut
    quantity: Decimal
    status: str
    planned_start: datetime
    planned_finish: datetime
    actual_start: datetime | None
    actual_finish: datetime | None
    notes: str
    version: int


class WorkOrderPageOut(Schema):
    count: int
    items: list[WorkOrderOut]


class WorkOrderListParams(PageParams):
    status: WorkOrderStatus | None = None
    sales_order: RowId | None = None
    late: bool = Field(False, description="Not finished and past the planned finish.")

    model_config = ConfigDict(use_enum_values=True)


# --- shipments -------------------------------------------------------------------------------------


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


# --- flow templates --------------------------------------------------------------------------------


class StepOut(Schema):
    id: int
    sequence: int
    code: str
    name: str
    customer_label: str
    department: str
    standard_hours: int
    optional: bool
    trigger: str

    @staticmethod
    def resolve_department(obj: Any) -> str:
        return str(obj.department.code)


class FlowTemplateOut(Schema):
    id: int
    code: str
    name: str
    order_type: str
    is_default: bool
    description: str
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())


class FlowTemplatePageOut(Schema):
    count: int
    items: list[FlowTemplateOut]


class FlowTemplateIn(InSchema):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=100)
    order_type: OrderType
    description: str = Field("", max_length=2000)
    is_default: bool = False
    copy_from: RowId | None = Field(None, description="Id of a template whose steps to copy.")


class FlowTemplatePatch(PatchSchema):
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=2000)
    is_default: bool | None = None


class StepIn(InSchema):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=100)
    department: DepartmentCode
    standard_hours: int = Field(24, ge=0, le=24 * 366)
    optional: bool = False
    trigger: StepTrigger = StepTrigger.MANUAL
    customer_label: str = Field("", max_length=200)
    sequence: int | None = Field(
        None, ge=0, le=100_000, description="Position; after the last step when left out."
    )


class StepPatch(PatchSchema):
    name: str | None = Field(None, max_length=100)
    department: DepartmentCode | None = None
    standard_hours: int | None = Field(None, ge=0, le=24 * 366)
    optional: bool | None = None
    trigger: StepTrigger | None = None
    customer_label: str | None = Field(None, max_length=200)
    sequence: int | None = Field(None, ge=0, le=100_000)


class InvoicedOut(Schema):
    invoice: InvoiceOut
    order: OrderFlowOut
