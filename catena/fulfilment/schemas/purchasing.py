"""Schemas of purchase orders: creating one or the materials of an order, the supplier's answer,
cancelling and receiving; the purchase order with its lines and promises as answered and listed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import Day, InSchema, Moment, PageParams, RowId, RuledOut
from catena.fulfilment.choices import PurchaseOrderStatus, SupplierAnswer
from catena.fulfilment.inputs import MAX_LINES
from catena.fulfilment.models import PurchaseOrder, PurchaseOrderLine, SupplierPromise
from catena.fulfilment.schemas.references import OrderRefOut, ProductRefOut
from catena.fulfilment.schemas.types import OpenQuantity, Price, Quantity, Version
from catena.parties.schemas import PartyRefOut, UserRefOut


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
