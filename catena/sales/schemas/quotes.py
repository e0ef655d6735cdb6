"""Schemas of quotes, their lines and their acceptance as an order."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from catena.catalog.schemas import Currency
from catena.core.api_schemas import Day, InSchema, PageParams, PatchSchema, RowId
from catena.parties.schemas import PartyRefOut, UserRefOut
from catena.sales.choices import OrderType, PaymentTerms, QuoteStatus
from catena.sales.schemas.types import Money, Percent, Quantity


class ProductRefOut(Schema):
    id: int
    sku: str
    name: str


class OrderRefOut(Schema):
    id: int
    number: str


class QuoteLineIn(InSchema):
    product: RowId = Field(..., description="Product id.")
    quantity: Quantity
    unit_price: Money | None = Field(
        None, description="The customer's price (price list, else list price) when left out."
    )
    discount_pct: Percent | None = Field(None, description="The customer's standard discount when left out.")
    tax_rate_pct: Percent = Decimal(13)
    description: str = Field("", max_length=200)


class QuoteLinePatch(PatchSchema):
    NULLABLE = frozenset({"unit_price"})

    quantity: Quantity | None = None
    unit_price: Money | None = Field(
        None, description="`null` prices the line from the customer's terms again."
    )
    discount_pct: Percent | None = None
    tax_rate_pct: Percent | None = None
    description: str | None = Field(None, max_length=200)


class QuoteLineOut(Schema):
    id: int
    line_no: int
    product: ProductRefOut
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    tax_rate_pct: Decimal
    price_source: str = Field(..., description="manual, price_list, list_price.")
    net_amount: Decimal
    tax_amount: Decimal


class QuoteIn(InSchema):
    customer: RowId = Field(..., description="Party id.")
    opportunity: RowId | None = Field(None, description="An opportunity of the same party.")
    valid_until: Day | None = Field(None, description="30 days from today by default.")
    currency: Currency | None = Field(
        None, description="The customer's price list currency, else the default."
    )
    payment_terms: PaymentTerms | None = Field(None, description="The customer's terms, else net 30.")
    terms: str = ""
    notes: str = ""
    owner: RowId | None = None
    lines: list[QuoteLineIn] = Field(default_factory=list)


class QuotePatch(PatchSchema):
    valid_until: Day | None = None
    currency: Currency | None = None
    payment_terms: PaymentTerms | None = None
    terms: str | None = None
    notes: str | None = None
    owner: RowId | None = None


class QuoteSummaryOut(Schema):
    id: int
    number: str
    version: int
    customer: PartyRefOut
    opportunity_id: int | None
    status: str
    valid_until: date
    currency: str
    payment_terms: str
    total_net: Decimal
    total_tax: Decimal
    total_gross: Decimal
    owner: UserRefOut | None
    order: OrderRefOut | None
    created_at: datetime


class QuoteOut(QuoteSummaryOut):
    terms: str
    notes: str
    sent_at: datetime | None
    decided_at: datetime | None
    reject_reason: str
    lines: list[QuoteLineOut]
    updated_at: datetime

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.select_related("product").order_by("line_no"))


class QuotePageOut(Schema):
    count: int
    items: list[QuoteSummaryOut]


class QuoteListParams(PageParams):
    q: str = Field("", max_length=100, description="Substring of the number or customer name.")
    status: QuoteStatus | None = None
    customer: RowId | None = None
    opportunity: RowId | None = None
    owner: RowId | None = None
    all_versions: bool = Field(False, description="Include superseded versions.")


class QuoteAcceptIn(InSchema):
    order_type: OrderType = OrderType.MAKE_TO_STOCK
    requested_date: Day | None = None
    ship_to: RowId | None = Field(None, description="One of the customer's addresses.")
    customer_reference: str = Field("", max_length=60, description="The quote number by default.")


class QuoteAcceptOut(Schema):
    order_id: int
    order_number: str
    quote: QuoteOut
