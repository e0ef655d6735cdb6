"""Error codes of leads, opportunities, pipeline steps, quotes, prices and orders (see
``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare, declare_stale_version

# --- parties and products as sales sees them ------------------------------------------------------

PARTY_BLOCKED = declare(
    "party.blocked",
    422,
    _("This party is blocked or archived; no new business with it."),
    "The party is blocked or archived, so no lead, deal, quote or order may be started with it.",
)
PARTY_NOT_A_BUYER = declare(
    "party.not_a_buyer",
    422,
    _("This party is not a customer, retailer or distributor."),
    "Only a party with a buying role may place orders.",
)
PRODUCT_NOT_SOLD = declare(
    "product.not_sold",
    422,
    _("This product is no longer sold."),
    "The product is inactive and may not be put on a new quote or order line.",
)
PRODUCT_NO_PRICE = declare(
    "product.no_price",
    422,
    _("This product has no price for this customer; give a unit price."),
    "No price list or list price gives the line a price: the line must give its own.",
)

# --- leads, opportunities and pipeline steps (their codes keep the published word) ---------------

LEAD_NAME_MISSING = declare(
    "lead.name_missing",
    422,
    _("Give a company or a contact name."),
    "A lead needs a company or a contact name.",
)
LEAD_CONVERTED = declare(
    "lead.converted",
    422,
    _("A converted lead cannot be changed; work on its party instead."),
    "The lead was converted; its party and opportunity carry the work on.",
)
LEAD_TRANSITION = declare(
    "lead.transition_not_allowed",
    422,
    _("The lead cannot move to this status."),
    "The lead's current status does not allow the move (qualify, disqualify, convert).",
)
LEAD_OWNER_NOT_ALLOWED = declare(
    "lead.owner_not_allowed",
    422,
    _("You may not give this lead to somebody else."),
    "Only those who may manage others' leads may hand a lead to another owner.",
)
OPPORTUNITY_OWNER_NOT_ALLOWED = declare(
    "opportunity.owner_not_allowed",
    422,
    _("You may not give this opportunity to somebody else."),
    "Only those who may manage others' deals may hand an opportunity to another owner.",
)
OPPORTUNITY_OTHER_PARTY = declare(
    "opportunity.other_party",
    422,
    _("This opportunity belongs to another party."),
    "The opportunity given is not one of the customer's.",
)
OPPORTUNITY_STALE = declare_stale_version("opportunity", "sales.Opportunity")
PIPELINE_NOT_SET_UP = declare(
    "pipeline.not_set_up",
    422,
    _("The pipeline has no such stage set up."),
    "No active open (or won) pipeline stage exists to put the opportunity in.",
)
STEP_CODE_TAKEN = declare(
    "stage.code_taken", 422, _("Another stage has this code."), "The stage code is taken."
)
STEP_WON_AND_LOST = declare(
    "stage.won_and_lost",
    422,
    _("A stage cannot be both won and lost."),
    "`is_won` and `is_lost` are both set.",
)
STEP_IN_USE = declare(
    "stage.in_use",
    422,
    _("Opportunities use this stage."),
    "Open opportunities are in the stage being retired, or opportunities used the stage being deleted.",
)

# --- quotes ---------------------------------------------------------------------------------------

QUOTE_NOT_EDITABLE = declare(
    "quote.not_editable",
    422,
    _("Only a draft quote can be changed; revise it instead."),
    "The quote was sent, accepted, rejected or expired: its lines and terms are fixed.",
)
QUOTE_TRANSITION = declare(
    "quote.transition_not_allowed",
    422,
    _("The quote cannot move to this status."),
    "The quote's current status does not allow the move (send, accept, reject, revise, expire).",
)
QUOTE_EXPIRED = declare(
    "quote.expired",
    422,
    _("The quote's validity has passed; revise it and send it again."),
    "The quote is past its `valid_until` date and may not be sent or accepted.",
)
QUOTE_STILL_VALID = declare(
    "quote.still_valid",
    422,
    _("This quote is still valid."),
    "A quote is marked expired only after its `valid_until` date.",
)
QUOTE_ALREADY_ACCEPTED = declare(
    "quote.already_accepted",
    422,
    _("The quote was already accepted."),
    "The quote already became an order.",
)
QUOTE_NO_LINES = declare(
    "quote.no_lines", 422, _("A quote needs at least one line."), "A quote without lines is not sent."
)
QUOTE_VALID_IN_PAST = declare(
    "quote.valid_in_past",
    422,
    _("A quote cannot be valid only in the past."),
    "`valid_until` is before today.",
)
TOTAL_TOO_LARGE = declare(
    "total_too_large",
    422,
    _("The total is too large."),
    "The lines of a quote or an order add up to more than a total may hold.",
)

# --- prices ---------------------------------------------------------------------------------------

PRICE_LIST_IN_USE = declare(
    "price_list.in_use",
    409,
    _("Customers still use this price list."),
    "The price list cannot be deleted while customers' terms refer to it.",
)

# --- orders and invoices --------------------------------------------------------------------------

ORDER_STALE = declare_stale_version("order", "sales.SalesOrder")
ORDER_NOT_EDITABLE = declare(
    "order.not_editable",
    422,
    _("A cancelled or closed order cannot be changed."),
    "The order is cancelled or closed.",
)
ORDER_TRANSITION = declare(
    "order.transition_not_allowed",
    422,
    _("The order cannot move to this status or stage."),
    "The order's status or its active stage does not allow the move asked for; the message lists "
    "the moves allowed.",
)
ORDER_STAGES_NOT_DONE = declare(
    "order.stages_not_done",
    422,
    _("Only an order whose stages are all done can be closed."),
    "The order still has stages to finish.",
)
ORDER_NO_LINES = declare(
    "order.no_lines", 422, _("An order needs at least one line."), "An order without lines is not placed."
)
ORDER_LINE_OTHER_ORDER = declare(
    "order.line_not_on_order",
    422,
    _("The line is not on this order."),
    "A line named in the input belongs to another order.",
)
ADDRESS_NOT_CUSTOMERS = declare(
    "order.ship_to_not_customers",
    422,
    _("The ship-to address must be one of the customer's addresses."),
    "The ship-to address belongs to another party.",
)
INVOICE_NUMBER_TAKEN = declare(
    "invoice.number_taken",
    422,
    _("An invoice with this number is already recorded."),
    "The invoice number is taken.",
)
INVOICE_DATE = declare(
    "invoice.date_out_of_range",
    422,
    _("The invoice date must be between the order date and today."),
    "The invoice date is in the future or before the order date.",
)
INVOICE_OVER_AMOUNT = declare(
    "invoice.over_amount",
    422,
    _("The invoice is for more than is not invoiced yet."),
    "The amount exceeds what of the order is not yet invoiced.",
)
INVOICE_ORDER_CANCELLED = declare(
    "invoice.order_cancelled", 422, _("A cancelled order is not invoiced."), "The order is cancelled."
)
