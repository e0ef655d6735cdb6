"""Schemas of returns (RMAs) and refunds. A portal customer reads its own RMAs and refunds as
staff do, except who approved a refund (``approvals`` comes back empty)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from catena.accounts import roles
from catena.core.api_schemas import InSchema, PageParams, RowId
from catena.parties.schemas import PartyRefOut, UserRefOut
from catena.service.choices import Disposition, RefundMethod, RefundStatus, ReturnCondition, ReturnStatus
from catena.service.models import Refund

TEXT_MAX = 2000


class ReturnLineIn(InSchema):
    order_line: RowId = Field(..., description="A line of the order, delivered within the policy's window.")
    quantity: Decimal = Field(..., gt=0, le=Decimal("99999999.999"), decimal_places=3)
    condition: ReturnCondition = ReturnCondition.UNOPENED


class ReturnIn(InSchema):
    order: RowId = Field(..., description="The sales order the goods came from.")
    lines: list[ReturnLineIn] = Field(..., min_length=1, max_length=200)
    reason: str = Field(..., max_length=TEXT_MAX)
    case: RowId | None = Field(
        None,
        description="A case of the same customer (staff only); without it a return request case is opened.",
    )


class ReturnDecisionIn(InSchema):
    note: str = Field("", max_length=TEXT_MAX, description="Why (required to reject).")


class ReturnShipmentIn(InSchema):
    carrier: RowId | None = Field(None, description="The carrier bringing the goods back.")
    tracking_number: str = Field(..., max_length=60)


class InspectionLineIn(InSchema):
    line: RowId = Field(..., description="The return line.")
    disposition: Disposition
    note: str = Field("", max_length=TEXT_MAX)


class InspectionIn(InSchema):
    lines: list[InspectionLineIn] = Field(..., min_length=1, max_length=200)


class ReturnPolicyRefOut(Schema):
    id: int
    name: str
    version: int
    return_window_days: int
    restocking_fee_percent: Decimal


class ReturnLineOut(Schema):
    id: int
    order_line: int = Field(..., alias="order_line_id")
    line_no: int = Field(..., alias="order_line.line_no")
    product: str = Field(..., alias="order_line.product.name")
    quantity: Decimal
    condition: str
    disposition: str = Field(
        ..., description="After inspection: `restock`, `repair`, `scrap`, `return_to_supplier`."
    )
    inspected_at: datetime | None


class ReturnOut(Schema):
    id: int
    number: str
    case: int = Field(..., alias="case_id")
    order: int = Field(..., alias="order_id")
    party: PartyRefOut
    policy: ReturnPolicyRefOut
    status: str = Field(
        ...,
        description="`requested`, `authorised`, `rejected`, `in_transit`, `received`, `inspected`, `closed`.",
    )
    reason: str
    decision_note: str
    carrier: PartyRefOut | None
    tracking_number: str
    shipped_at: datetime | None
    received_at: datetime | None
    lines: list[ReturnLineOut]
    created_at: datetime

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


class ReturnPageOut(Schema):
    count: int
    items: list[ReturnOut]


class ReturnListParams(PageParams):
    status: ReturnStatus | None = None
    party: RowId | None = None
    order: RowId | None = None
    case: RowId | None = None


class RefundIn(InSchema):
    rma: RowId
    amount: Decimal = Field(
        ..., description="Above zero; within what may be refunded (`refund.exceeds_paid`)."
    )
    method: RefundMethod | None = Field(None, description="The policy's refund method when left out.")
    note: str = Field("", max_length=TEXT_MAX)


class RefundDecisionIn(InSchema):
    note: str = Field("", max_length=TEXT_MAX)


class RefundApprovalOut(Schema):
    approver: UserRefOut
    decision: str
    note: str
    at: datetime


class RefundOut(Schema):
    id: int
    rma: int = Field(..., alias="rma_id")
    order: int = Field(..., alias="order_id")
    amount: Decimal
    currency: str
    method: str
    status: str = Field(..., description="`proposed`, `approved`, `paid`, `credited` or `rejected`.")
    credit_note_number: str | None
    note: str
    settled_at: datetime | None
    approvals: list[RefundApprovalOut] = Field(default_factory=list, description="Staff only.")
    created_at: datetime

    @staticmethod
    def resolve_approvals(obj: Refund, context: Any) -> list[Any]:
        request = (context or {}).get("request")
        if request is None or not roles.is_internal(request.user):
            return []
        return list(obj.approvals.select_related("approver"))


class RefundPageOut(Schema):
    count: int
    items: list[RefundOut]


class RefundListParams(PageParams):
    status: RefundStatus | None = None
    rma: RowId | None = None
    order: RowId | None = None
