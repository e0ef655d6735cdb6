"""Schemas of leads, pipeline steps, opportunities and the weighted pipeline.

The published field names keep the older word: an opportunity's pipeline step is its ``stage``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from catena.catalog.schemas import Currency
from catena.core.api_schemas import CleanInput, Day, InSchema, PageParams, PatchSchema, RowId
from catena.parties.schemas import PartyRefOut, UserRefOut
from catena.sales.choices import LeadSource, LeadStatus
from catena.sales.schemas.types import Money, Probability, StepCode

# --- leads -----------------------------------------------------------------------------------------


class LeadIn(InSchema):
    company: str = Field("", max_length=200, description="Company or contact name is required.")
    contact_name: str = Field("", max_length=100)
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=32, description="Any usual form; stored as E.164 (default region CN).")
    email: str = Field("", max_length=254)
    source: LeadSource = LeadSource.OTHER
    owner: RowId | None = Field(None, description="User id; the caller by default.")
    estimated_amount: Money | None = None
    currency: Currency | None = None
    has_budget: bool = False
    has_authority: bool = False
    has_need: bool = False
    has_timing: bool = False
    qualification_notes: str = ""
    notes: str = ""


class LeadPatch(PatchSchema):
    NULLABLE = frozenset({"owner", "estimated_amount"})

    company: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    source: LeadSource | None = None
    owner: RowId | None = None
    estimated_amount: Money | None = None
    currency: Currency | None = None
    has_budget: bool | None = None
    has_authority: bool | None = None
    has_need: bool | None = None
    has_timing: bool | None = None
    qualification_notes: str | None = None
    notes: str | None = None


class LeadOut(Schema):
    id: int
    company: str
    contact_name: str
    title: str
    phone: str
    email: str
    source: str
    status: str
    owner: UserRefOut | None
    estimated_amount: Decimal | None
    currency: str
    has_budget: bool
    has_authority: bool
    has_need: bool
    has_timing: bool
    bant_score: int = Field(..., description="How many of budget, authority, need, timing are confirmed.")
    qualification_notes: str
    disqualified_reason: str
    party: PartyRefOut | None = Field(..., description="The party the lead became.")
    converted_at: datetime | None
    notes: str
    created_at: datetime
    updated_at: datetime


class LeadPageOut(Schema):
    count: int
    items: list[LeadOut]


class LeadListParams(PageParams):
    q: str = Field("", max_length=100, description="Substring of company, contact, phone or e-mail.")
    status: LeadStatus | None = None
    source: LeadSource | None = None
    owner: RowId | None = Field(None, description="User id of the owner.")


class LeadQualifyIn(InSchema):
    has_budget: bool | None = None
    has_authority: bool | None = None
    has_need: bool | None = None
    has_timing: bool | None = None
    notes: str | None = Field(None, description="Qualification notes (replace the old ones).")


class ReasonIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=200)


class OptionalReasonIn(InSchema):
    reason: str = Field("", max_length=200)


class LeadConvertIn(InSchema):
    party: RowId | None = Field(None, description="An existing party to attach; a new prospect otherwise.")
    opportunity_name: str = Field("", max_length=200)
    amount: Money | None = Field(None, description="The lead's estimated amount by default.")
    expected_close: Day | None = Field(None, description="90 days from today by default.")
    stage: StepCode | None = Field(None, description="The first open stage by default.")


# --- pipeline steps and opportunities ---------------------------------------------------------------


class PipelineStepRefOut(Schema):
    id: int
    code: str
    name: str
    is_won: bool
    is_lost: bool

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.display_name)


class PipelineStepOut(Schema):
    id: int
    code: str
    name: str = Field(..., description="As stored (administrators may rename).")
    display_name: str = Field(..., description="In the caller's language while the default name is kept.")
    sequence: int
    default_probability: int
    is_won: bool
    is_lost: bool
    is_active: bool


class PipelineStepPageOut(Schema):
    count: int
    items: list[PipelineStepOut]


class PipelineStepIn(InSchema):
    code: str | None = Field(None, max_length=40, description="Derived from the name when left out.")
    name: str = Field(..., min_length=1, max_length=60)
    sequence: int = Field(0, ge=0, le=32767)
    default_probability: Probability = 0
    is_won: bool = False
    is_lost: bool = False
    is_active: bool = True


class PipelineStepPatch(PatchSchema):
    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=60)
    sequence: int | None = Field(None, ge=0, le=32767)
    default_probability: Probability | None = None
    is_won: bool | None = None
    is_lost: bool | None = None
    is_active: bool | None = None


class OpportunityIn(InSchema):
    party: RowId = Field(..., description="Party id.")
    name: str = Field(..., min_length=1, max_length=200)
    stage: StepCode | None = Field(None, description="The first open stage by default.")
    amount: Money = Decimal(0)
    currency: Currency | None = None
    probability: Probability | None = Field(
        None, description="The stage's default probability when left out."
    )
    expected_close: Day
    owner: RowId | None = Field(None, description="User id; the caller by default.")
    notes: str = ""


class OpportunityPatch(PatchSchema):
    NULLABLE = frozenset({"owner"})

    name: str | None = Field(None, min_length=1, max_length=200)
    amount: Money | None = None
    currency: Currency | None = None
    probability: Probability | None = None
    expected_close: Day | None = None
    owner: RowId | None = None
    notes: str | None = None
    version: int | None = Field(None, ge=1, description="The version you read; 409 if it changed since.")


class OpportunityMoveIn(InSchema):
    stage: StepCode
    version: int | None = Field(None, ge=1, description="The version you read; 409 if it changed since.")
    lost_reason: str = Field("", max_length=200, description="Required when the stage is a lost one.")
    probability: Probability | None = Field(
        None, description="The stage's default probability when left out."
    )


class OpportunityOut(Schema):
    id: int
    party: PartyRefOut
    name: str
    stage: PipelineStepRefOut = Field(validation_alias="step")
    amount: Decimal
    currency: str
    probability: int
    weighted_amount: Decimal
    expected_close: date
    owner: UserRefOut | None
    lost_reason: str
    source_lead_id: int | None
    closed_at: datetime | None
    version: int
    notes: str
    created_at: datetime
    updated_at: datetime


class OpportunityPageOut(Schema):
    count: int
    items: list[OpportunityOut]


class OpportunityListParams(PageParams):
    q: str = Field("", max_length=100, description="Substring of the deal or party name.")
    stage: StepCode | None = None
    owner: RowId | None = Field(None, description="User id of the owner.")
    party: RowId | None = Field(None, description="Party id.")
    is_open: bool | None = Field(None, description="Only open (true) or only won and lost (false) deals.")
    close_from: Day | None = None
    close_until: Day | None = None


class LeadConvertOut(Schema):
    lead: LeadOut
    party: PartyRefOut
    opportunity: OpportunityOut


class PipelineParams(CleanInput):
    owner: RowId | None = Field(None, description="Only this owner's deals.")


class PipelineMonthOut(Schema):
    month: str = Field(..., description="Month of expected close, `YYYY-MM`.")
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal = Field(..., description="Sum of amount × probability.")


class PipelineOwnerOut(Schema):
    owner_id: int | None
    owner: str
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal


class PipelineOut(Schema):
    by_month: list[PipelineMonthOut]
    by_owner: list[PipelineOwnerOut]
