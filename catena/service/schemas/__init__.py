"""Schemas of cases, their messages and their partner tasks. Portal users read the portal's view of a case (no owner,
team, severity, root cause or internal links) and never an internal note."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, PageParams, RowId, RuledOut
from catena.parties.schemas import PartyRefOut, UserRefOut
from catena.service.choices import (
    CaseChannel,
    CasePriority,
    CaseSeverity,
    CaseStatus,
    CaseType,
    MessageVisibility,
    PartnerOutcome,
    PartnerRole,
    PartnerStance,
    PartnerTaskStatus,
    PromiseStatus,
    RootCause,
)
from catena.service.models import Case, CaseMessage, Promise

BODY_MAX = 20_000


class CaseRefOut(Schema):
    id: int
    number: str


class CaseOut(Schema, RuledOut):
    """A case. ``allowed_statuses`` lists the moves the transition table allows from its status."""

    FIELD_MODEL = Case

    id: int
    number: str
    case_type: str
    subject: str
    description: str
    party: PartyRefOut
    contact: int | None = Field(None, description="Contact id.")
    order: int | None = Field(None, description="Sales order id.")
    order_line: int | None = Field(None, description="Sales order line id.")
    shipment: int | None = Field(None, description="Shipment id.")
    purchase_order: int | None = Field(None, description="Purchase order id.")
    product: int | None = Field(None, description="Product id.")
    priority: str
    severity: str
    channel: str
    status: str
    allowed_statuses: list[str]
    owner: UserRefOut | None
    team: str | None = Field(None, description="The department's code.")
    root_cause: str
    resolution: str
    resolved_at: datetime | None
    closed_at: datetime | None
    sla_due_at: datetime | None = Field(
        None, description="When the most pressing running SLA target falls due; null when none runs."
    )
    merged_into: CaseRefOut | None
    language: str
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_contact(obj: Any) -> int | None:
        return obj.contact_id

    @staticmethod
    def resolve_order(obj: Any) -> int | None:
        return obj.order_id

    @staticmethod
    def resolve_order_line(obj: Any) -> int | None:
        return obj.order_line_id

    @staticmethod
    def resolve_shipment(obj: Any) -> int | None:
        return obj.shipment_id

    @staticmethod
    def resolve_purchase_order(obj: Any) -> int | None:
        return obj.purchase_order_id

    @staticmethod
    def resolve_product(obj: Any) -> int | None:
        return obj.product_id

    @staticmethod
    def resolve_team(obj: Any) -> str | None:
        return obj.team.code if obj.team_id else None

    @staticmethod
    def resolve_allowed_statuses(obj: Any) -> list[str]:
        return list(obj.allowed_statuses())


class CasePageOut(Schema):
    count: int
    items: list[CaseOut]


class CaseListParams(PageParams):
    q: str = Field("", max_length=100, description="The number, or a substring of the subject or customer.")
    status: CaseStatus | None = None
    active: bool = Field(False, description="Only the cases still being worked (new, open, waiting).")
    case_type: CaseType | None = None
    owner: RowId | None = None
    mine: bool = Field(False, description="Only the caller's own cases.")
    party: RowId | None = None
    breached: bool = Field(False, description="Only active cases past a running SLA target.")


class CaseIn(InSchema):
    party: RowId = Field(..., description="The customer (a portal user gives its own party).")
    case_type: CaseType
    subject: str = Field(..., max_length=200)
    body: str = Field("", max_length=BODY_MAX, description="What the customer says.")
    channel: CaseChannel = Field(CaseChannel.API, description="How it came in (a portal user's is `portal`).")
    priority: CasePriority = CasePriority.NORMAL
    severity: CaseSeverity = CaseSeverity.MODERATE
    owner: RowId | None = Field(
        None,
        description="Without one: the assignment rules for a portal user's case or with `assign_by_rules`; "
        "else the caller, else the account manager, else the service desk.",
    )
    assign_by_rules: bool = Field(
        False, description="Let the assignment rules choose the owner (staff callers)."
    )
    contact: RowId | None = None
    order: RowId | None = None
    order_line: RowId | None = None
    shipment: RowId | None = None
    purchase_order: RowId | None = None
    product: RowId | None = None


class CaseMessageIn(InSchema):
    body: str = Field(..., max_length=BODY_MAX)
    visibility: MessageVisibility = Field(
        MessageVisibility.REPLY, description="`reply` (the customer reads it) or `note` (staff only)."
    )


class CaseMessageOut(Schema, RuledOut):
    FIELD_MODEL = CaseMessage

    id: int
    visibility: str
    sender: str = Field(..., description="`staff` or `customer`.")
    author_name: str
    body: str
    merged_from: int | None = Field(None, description="The case it was written on, when a merge moved it.")
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj: Any) -> str:
        return obj.author.display_name if obj.author_id else ""

    @staticmethod
    def resolve_merged_from(obj: Any) -> int | None:
        return obj.merged_from_id


class CaseMessagePageOut(Schema):
    count: int
    items: list[CaseMessageOut]


class CaseStatusIn(InSchema):
    status: CaseStatus
    version: int | None = Field(None, description="The version read; a stale one answers 409.")
    root_cause: RootCause | None = Field(None, description="Required to resolve.")
    resolution: str = Field("", max_length=BODY_MAX, description="Required to resolve.")


class CaseAssignIn(InSchema):
    owner: RowId
    version: int | None = None


class CaseMergeIn(InSchema):
    into: RowId = Field(..., description="The case that carries on (the same customer's).")
    version: int | None = None


# --- partner tasks --------------------------------------------------------------------------


class PartnerTaskOut(Schema):
    """A task a case gives a responsible partner. The partner's portal user reads its own tasks."""

    id: int
    number: str
    case: CaseRefOut
    partner: PartyRefOut
    partner_role: str
    shipment: int | None = Field(None, description="Shipment id.")
    purchase_order: int | None = Field(None, description="Purchase order id.")
    product: int | None = Field(None, description="Product id.")
    request: str
    status: str
    response_minutes: int = Field(
        ..., description="The response target in business minutes (from the contract)."
    )
    due_at: datetime | None
    stance: str = Field(..., description="`accepted`, `disputed` or empty before the first answer.")
    answer: str
    answered_at: datetime | None
    outcome: str = Field(..., description="`responsible`, `shared`, `not_responsible` or empty.")
    outcome_note: str
    closed_at: datetime | None
    version: int
    created_at: datetime

    @staticmethod
    def resolve_shipment(obj: Any) -> int | None:
        return obj.shipment_id

    @staticmethod
    def resolve_purchase_order(obj: Any) -> int | None:
        return obj.purchase_order_id

    @staticmethod
    def resolve_product(obj: Any) -> int | None:
        return obj.product_id


class PartnerTaskPageOut(Schema):
    count: int
    items: list[PartnerTaskOut]


class PartnerTaskListParams(PageParams):
    status: PartnerTaskStatus | Literal["all"] | None = Field(None, description="Active tasks by default.")
    overdue: bool = Field(False, description="Only open tasks past their answer's due time.")
    partner: RowId | None = None


class PartnerTaskIn(InSchema):
    partner: RowId
    partner_role: PartnerRole
    request: str = Field(..., max_length=5_000)
    shipment: RowId | None = None
    purchase_order: RowId | None = None
    product: RowId | None = None


class PartnerAnswerIn(InSchema):
    stance: PartnerStance
    answer: str = Field(..., max_length=5_000)
    version: int | None = Field(None, description="The version read; a stale one is refused (409).")


class PartnerCloseIn(InSchema):
    outcome: PartnerOutcome
    note: str = Field("", max_length=5_000)
    version: int | None = None


class PartnerWithdrawIn(InSchema):
    note: str = Field("", max_length=5_000)
    version: int | None = None


class SuggestionOut(Schema):
    partner: PartyRefOut
    partner_role: str
    reason: str
    shipment: int | None = None
    purchase_order: int | None = None
    product: int | None = None


class CustomerPromiseIn(InSchema):
    text: str = Field(..., max_length=300, description="What the customer was promised.")
    due_at: datetime = Field(..., description="When it is due (in the future; ISO 8601 with a zone).")


class CustomerPromiseSettleIn(InSchema):
    note: str = Field(
        "", max_length=BODY_MAX, description="How it was kept; why it is cancelled (required to cancel)."
    )


class CustomerPromiseOut(Schema, RuledOut):
    """A promise made to the customer on a case. A portal customer reads what, when and where it
    stands, not who made it nor our notes."""

    FIELD_MODEL = Promise

    id: int
    case: CaseRefOut | None
    party: PartyRefOut | None
    made_by: UserRefOut | None
    text: str
    due_at: datetime
    status: str = Field(..., description="`open`, `kept`, `broken` or `cancelled`.")
    resolved_at: datetime | None = Field(None, description="When it was kept, broken or cancelled.")
    resolved_by: UserRefOut | None = Field(None, description="Who kept or cancelled it (none when broken).")
    note: str
    created_at: datetime


class CustomerPromisePageOut(Schema):
    count: int
    items: list[CustomerPromiseOut]


class CustomerPromiseListParams(PageParams):
    agent: RowId | None = Field(None, description="The agent who made them.")
    party: RowId | None = Field(None, description="The customer they were made to.")
    case: RowId | None = None
    status: PromiseStatus | None = None
    due_from: date | None = Field(None, description="Due on or after this day.")
    due_to: date | None = Field(None, description="Due on or before this day.")
