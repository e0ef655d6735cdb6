"""Schemas of price lists, their items, price checks and customers' terms."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from catena.catalog.schemas import Currency
from catena.core.api_schemas import CleanInput, Day, InSchema, PatchSchema, RowId
from catena.parties.schemas import PartyRefOut
from catena.sales.choices import PaymentTerms
from catena.sales.schemas.quotes import ProductRefOut
from catena.sales.schemas.types import Money, Percent, Quantity


class PriceListIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    currency: Currency = "CNY"
    valid_from: Day | None = None
    valid_until: Day | None = None
    is_active: bool = True
    notes: str = ""


class PriceListPatch(PatchSchema):
    NULLABLE = frozenset({"valid_from", "valid_until"})

    name: str | None = Field(None, min_length=1, max_length=100)
    currency: Currency | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None
    is_active: bool | None = None
    notes: str | None = None


class PriceListOut(Schema):
    id: int
    name: str
    currency: str
    valid_from: date | None
    valid_until: date | None
    is_active: bool
    notes: str
    created_at: datetime
    updated_at: datetime


class PriceListPageOut(Schema):
    count: int
    items: list[PriceListOut]


class PriceItemIn(InSchema):
    product: RowId = Field(..., description="Product id.")
    unit_price: Money
    min_quantity: Quantity = Field(Decimal(1), description="The price applies from this quantity on.")


class PriceItemPatch(PatchSchema):
    unit_price: Money | None = None
    min_quantity: Quantity | None = Field(None, description="The price applies from this quantity on.")


class PriceItemOut(Schema):
    id: int
    product: ProductRefOut
    min_quantity: Decimal
    unit_price: Decimal


class PriceItemPageOut(Schema):
    count: int
    items: list[PriceItemOut]


class PriceParams(CleanInput):
    customer: RowId
    product: RowId
    quantity: Quantity = Decimal(1)
    on: Day | None = Field(None, description="Today by default.")


class PriceOut(Schema):
    unit_price: Decimal | None = Field(..., description="null when nothing prices the product.")
    discount_pct: Decimal
    source: str = Field(..., description="price_list, list_price or none.")


class PriceListRefOut(Schema):
    id: int
    name: str
    currency: str


class CustomerTermsPatch(PatchSchema):
    NULLABLE = frozenset({"price_list"})

    price_list: RowId | None = Field(None, description="Price list id; null removes it.")
    discount_pct: Percent | None = None
    payment_terms: PaymentTerms | None = None


class CustomerTermsOut(Schema):
    party: PartyRefOut
    price_list: PriceListRefOut | None
    discount_pct: Decimal
    payment_terms: str
    updated_at: datetime | None
