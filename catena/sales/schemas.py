"""Input and output schemas of the pipeline API: leads, opportunities, pipeline steps, quotes, price
lists and customer terms.

The published field names keep the older word: an opportunity's pipeline step is its ``stage``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from catena.catalog.schemas import Currency
from catena.core.api_schemas import CleanInput, Day, InSchema, PageParams, PatchSchema, RowId
from catena.parties.schemas import PartyRefOut, UserRefOut
from catena.sales.choices import LeadSource, LeadStatus, OrderType, PaymentTerms, QuoteStatus

Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=3)]
Probability = Annotated[int, Field(ge=0, le=100)]
StepCode = Annotated[str, Field(min_length=1, max_length=40, description="Stage code, e.g. `proposal`.")]


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


# --- quotes ----------------------------------------------------------------------------------------


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


# --- price lists and customer terms ------------------------------------------------------------------


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
