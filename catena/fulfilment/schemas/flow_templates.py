"""Schemas of flow templates and their steps, as read and as edited by administrators."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from catena.accounts.choices import DepartmentCode
from catena.core.api_schemas import InSchema, PatchSchema, RowId
from catena.fulfilment.choices import StepTrigger
from catena.sales.choices import OrderType


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
