"""Schemas of work orders: planning production for an order, changing a work order's status,
the work order as answered and listed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import InSchema, Moment, PageParams, RowId
from catena.fulfilment.choices import WorkOrderStatus
from catena.fulfilment.schemas.references import OrderRefOut, ProductRefOut
from catena.fulfilment.schemas.types import Version


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
