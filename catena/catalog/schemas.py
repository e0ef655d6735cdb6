"""Input and output schemas of the products API.

``standard_cost`` is a restricted field: it is ``null`` in answers to callers who may not read
it, and such callers may not send it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from catena.catalog.choices import Unit
from catena.catalog.models import Product
from catena.core.api_schemas import InSchema, PageParams, PatchSchema, RowId, RuledOut

COST_FIELD = "product.standard_cost"
ProductSort = Literal["sku", "-sku", "name", "-name", "updated", "-updated", "created", "-created"]
Currency = Literal["CNY", "USD", "EUR", "HKD", "JPY"]
Amount = Decimal


class CategoryRefOut(Schema):
    id: int
    name: str


class CategoryOut(Schema):
    id: int
    name: str
    parent_id: int | None


class CategoryPageOut(Schema):
    count: int
    items: list[CategoryOut]


class ProductIn(InSchema):
    sku: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=200)
    category: RowId | None = Field(None, description="Category id.")
    unit: Unit = Unit.PIECE
    gtin: str | None = Field(None, description="GTIN-8, -12, -13 or -14 with its check digit.")
    currency: Currency = "CNY"
    standard_cost: Amount | None = Field(None, ge=0, decimal_places=2, max_digits=18)
    list_price: Amount | None = Field(None, ge=0, decimal_places=2, max_digits=18)
    is_active: bool = True
    description: str = ""


class ProductPatch(PatchSchema):
    NULLABLE = frozenset({"category", "gtin", "standard_cost", "list_price"})

    sku: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=200)
    category: RowId | None = None
    unit: Unit | None = None
    gtin: str | None = None
    currency: Currency | None = None
    standard_cost: Amount | None = Field(None, ge=0, decimal_places=2, max_digits=18)
    list_price: Amount | None = Field(None, ge=0, decimal_places=2, max_digits=18)
    is_active: bool | None = None
    description: str | None = None


class ProductOut(Schema, RuledOut):
    FIELD_MODEL = Product

    id: int
    sku: str
    name: str
    category: CategoryRefOut | None
    unit: str
    gtin: str | None
    currency: str
    standard_cost: Decimal | None = Field(..., description="null for callers who may not read costs.")
    list_price: Decimal | None
    is_active: bool
    description: str
    created_at: datetime
    updated_at: datetime


class ProductPageOut(Schema):
    count: int
    items: list[ProductOut]


class ProductListParams(PageParams):
    q: str = Field("", max_length=100, description="Substring of the SKU or name.")
    category: RowId | None = Field(None, description="Category id.")
    is_active: bool | None = None
    sort: ProductSort = "sku"


class CategoryListParams(PageParams):
    q: str = Field("", max_length=100, description="Substring of the category name.")
    parent: RowId | None = Field(None, description="Only the children of this category.")
