"""The domain events of sales: leads, opportunities, the pipeline, price lists, quotes and orders
(declared here, emitted by the ``sales.services*`` modules)."""

from __future__ import annotations

from pydantic import Field

from catena.core.events import EventPayload, FieldsChanged, declare

# --- leads ------------------------------------------------------------------------------------


@declare(
    "lead.created", subject="sales.lead", example={"source": "trade_show", "name": "王芳 · 苏州恒瑞电子"}
)
class LeadCreated(EventPayload):
    """A lead was captured (by hand, through the API or from the web form)."""

    source: str
    """Where it came from (``web_form``, ``trade_show``, …)."""
    name: str
    """The lead as it is shown: the person and the company."""


@declare("lead.updated", subject="sales.lead", example={"fields": ["phone"]})
class LeadUpdated(FieldsChanged):
    """A lead's fields changed."""


@declare("lead.working", subject="sales.lead", example={})
class LeadWorking(EventPayload):
    """Somebody started working a new lead."""


@declare("lead.qualified", subject="sales.lead", example={"bant_score": 3})
class LeadQualified(EventPayload):
    """A lead was qualified."""

    bant_score: int
    """How many of budget, authority, need and timing were confirmed (0–4)."""


@declare("lead.disqualified", subject="sales.lead", example={"reason": "No budget this year"})
class LeadDisqualified(EventPayload):
    """A lead was disqualified."""

    reason: str
    """Why."""


@declare("lead.converted", subject="sales.lead", example={"party": 1043, "opportunity": 88})
class LeadConverted(EventPayload):
    """A qualified lead became a customer party with an opportunity."""

    party: int
    """The party it became (new or existing)."""
    opportunity: int
    """The opportunity opened for it."""


# --- opportunities ----------------------------------------------------------------------------


@declare(
    "opportunity.created",
    subject="sales.opportunity",
    example={"party": 7, "stage": "qualify", "amount": "120000.00"},
)
class OpportunityCreated(EventPayload):
    """An opportunity was opened."""

    party: int
    """The customer."""
    stage: str
    """The code of the pipeline stage it starts in."""
    amount: str
    """The expected amount (decimal, as text)."""


@declare("opportunity.updated", subject="sales.opportunity", example={"fields": ["amount", "expected_close"]})
class OpportunityUpdated(FieldsChanged):
    """An opportunity's fields changed."""


@declare(
    "opportunity.stage_changed",
    subject="sales.opportunity",
    example={"from": "qualify", "to": "proposal", "probability": 40},
)
class OpportunityStepChanged(EventPayload):
    """An opportunity moved to another pipeline stage, or its probability was changed."""

    from_: str = Field(alias="from")
    """The code of the stage it left (the same as ``to`` when only the probability changed)."""
    to: str
    """The code of the stage it is now in."""
    probability: int
    """Its probability of closing, in percent."""


@declare("opportunity.won", subject="sales.opportunity", example={"amount": "120000.00"})
class OpportunityWon(EventPayload):
    """An opportunity entered the won stage."""

    amount: str
    """The amount won (decimal, as text)."""


@declare("opportunity.lost", subject="sales.opportunity", example={"reason": "Lost on price"})
class OpportunityLost(EventPayload):
    """An opportunity entered the lost stage."""

    reason: str
    """Why it was lost."""


# --- pipeline steps ---------------------------------------------------------------------------
# Published as pipeline_stage.* on a ``sales.pipelinestage`` subject, the names they had before the
# model became PipelineStep; the docstrings speak the published word.


@declare("pipeline_stage.created", subject="sales.pipelinestage", example={"code": "negotiate"})
class PipelineStepCreated(EventPayload):
    """A stage was added to the opportunity pipeline."""

    code: str
    """The stage's code."""


@declare("pipeline_stage.updated", subject="sales.pipelinestage", example={"fields": ["default_probability"]})
class PipelineStepUpdated(FieldsChanged):
    """A pipeline stage changed (name, position, probability, …)."""


@declare("pipeline_stage.deleted", subject="sales.pipelinestage", example={"code": "negotiate"})
class PipelineStepDeleted(EventPayload):
    """A pipeline stage was removed."""

    code: str
    """The code it had."""


# --- customer terms ----------------------------------------------------------------------------


@declare(
    "customer_terms.changed", subject="parties.party", example={"fields": ["payment_days", "price_list"]}
)
class CustomerTermsChanged(FieldsChanged):
    """A customer's commercial terms (price list, payment terms, credit limit, …) changed. The
    subject is the customer."""


# --- quotes -----------------------------------------------------------------------------------


@declare(
    "quote.created",
    subject="sales.quote",
    example={"number": "QT-0000042", "customer": 7, "total_net": "25600.00"},
)
class QuoteCreated(EventPayload):
    """A quote was drafted."""

    number: str
    """The quote number."""
    customer: int
    """The customer party."""
    total_net: str
    """The net total (decimal, as text)."""


@declare("quote.updated", subject="sales.quote", example={"fields": ["lines"]})
class QuoteUpdated(FieldsChanged):
    """A draft quote or its lines changed."""


@declare("quote.sent", subject="sales.quote", example={"number": "QT-0000042", "version": 1})
class QuoteSent(EventPayload):
    """A quote was sent to the customer."""

    number: str
    """The quote number."""
    version: int
    """Which revision of the quote was sent."""


@declare(
    "quote.revised",
    subject="sales.quote",
    example={"number": "QT-0000042", "version": 2, "previous": 42},
)
class QuoteRevised(EventPayload):
    """A sent quote was revised: the subject is the new revision."""

    number: str
    """The quote number (shared by its revisions)."""
    version: int
    """The new revision's number."""
    previous: int
    """The revision it replaces."""


@declare("quote.rejected", subject="sales.quote", example={"reason": "Delivery too late"})
class QuoteRejected(EventPayload):
    """The customer rejected a quote."""

    reason: str
    """Why."""


@declare("quote.expired", subject="sales.quote", example={"valid_until": "2027-01-31"})
class QuoteExpired(EventPayload):
    """A sent quote passed its validity date unanswered."""

    valid_until: str
    """The date it was valid until (ISO 8601)."""


@declare("quote.accepted", subject="sales.quote", example={"order": 1207, "order_number": "SO-0001207"})
class QuoteAccepted(EventPayload):
    """The customer accepted a quote, and it became a sales order."""

    order: int
    """The sales order placed from it."""
    order_number: str
    """That order's number."""


# --- sales orders -----------------------------------------------------------------------------


@declare(
    "sales_order.placed",
    subject="sales.salesorder",
    example={"number": "SO-0001207", "customer": 7, "order_type": "make_to_order", "total_net": "25600.00"},
)
class SalesOrderPlaced(EventPayload):
    """A sales order was placed (its stages are copied from its flow template)."""

    number: str
    """The order number."""
    customer: int
    """The customer party."""
    order_type: str
    """``make_to_stock``, ``make_to_order``, … (which flow it follows)."""
    total_net: str
    """The net total (decimal, as text)."""


@declare("sales_order.updated", subject="sales.salesorder", example={"fields": ["requested_date"]})
class SalesOrderUpdated(FieldsChanged):
    """A sales order's fields changed."""


# --- the order lifecycle (sales owns the order and its status) ---------------------------------


@declare(
    "order.status_changed",
    subject="sales.salesorder",
    example={
        "number": "SO-0001207",
        "customer": 7,
        "from": "open",
        "to": "on_hold",
        "reason": "Credit check",
        "version": 10,
    },
)
class OrderStatusChanged(EventPayload):
    """An order was put on hold, back-ordered, released, partially shipped, cancelled or closed."""

    number: str
    """The order number."""
    customer: int
    """The customer party."""
    from_: str = Field(alias="from")
    """The status it had (``open``, ``on_hold``, ``back_ordered``, …)."""
    to: str
    """The status it has now."""
    reason: str
    """Why (may be empty)."""
    version: int
    """The order's version after the change."""


@declare(
    "order.invoiced",
    subject="sales.salesorder",
    example={
        "number": "SO-0001207",
        "customer": 7,
        "invoice": 311,
        "invoice_number": "FP-2026-0311",
        "issued_on": "2026-12-07",
        "amount": "11300.00",
        "currency": "CNY",
        "invoiced_total": "11300.00",
    },
)
class OrderInvoiced(EventPayload):
    """An invoice was recorded against an order; once invoices cover its gross total the
    invoicing stage is done."""

    number: str
    """The order number."""
    customer: int
    """The customer party."""
    invoice: int
    """The recorded invoice."""
    invoice_number: str
    """The invoice's own number (as printed, e.g. the 发票 number)."""
    issued_on: str
    """The day it was issued (ISO date)."""
    amount: str
    """Its gross amount, a decimal string."""
    currency: str
    """The order's currency."""
    invoiced_total: str
    """All invoices of the order together, a decimal string."""
