from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy


class OrderType(models.TextChoices):
    """How an order is fulfilled; each type follows its own flow template."""

    MAKE_TO_STOCK = "make_to_stock", _("Make to stock")  # shipped from finished-goods stock
    MAKE_TO_ORDER = "make_to_order", _("Make to order")  # produced (and its materials bought) per order


class OrderStatus(models.TextChoices):
    """Where an order stands apart from its flow stage. The exceptions are first-class states."""

    OPEN = "open", pgettext_lazy("order status", "Open")  # moving through its flow
    ON_HOLD = "on_hold", _("On hold")  # stopped on purpose (credit, customer request, quality)
    BACK_ORDERED = "back_ordered", _("Back-ordered")  # waiting for stock or materials
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")  # some lines or quantities left
    CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")  # will not be fulfilled
    CLOSED = "closed", pgettext_lazy("order status", "Closed")  # delivered, invoiced and done


# status -> the statuses it may move to (the one transition table for order statuses)
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.OPEN: frozenset(
        {
            OrderStatus.ON_HOLD,
            OrderStatus.BACK_ORDERED,
            OrderStatus.PARTIALLY_SHIPPED,
            OrderStatus.CANCELLED,
            OrderStatus.CLOSED,
        }
    ),
    OrderStatus.ON_HOLD: frozenset({OrderStatus.OPEN, OrderStatus.CANCELLED}),
    OrderStatus.BACK_ORDERED: frozenset(
        {OrderStatus.OPEN, OrderStatus.ON_HOLD, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.CANCELLED}
    ),
    OrderStatus.PARTIALLY_SHIPPED: frozenset({OrderStatus.OPEN, OrderStatus.ON_HOLD, OrderStatus.CLOSED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.CLOSED: frozenset(),
}
ACTIVE_STATUSES = frozenset(
    {OrderStatus.OPEN, OrderStatus.ON_HOLD, OrderStatus.BACK_ORDERED, OrderStatus.PARTIALLY_SHIPPED}
)


class PaymentTerms(models.TextChoices):
    PREPAID = "prepaid", _("Payment in advance")
    ON_DELIVERY = "on_delivery", _("Cash on delivery")
    NET_30 = "net_30", _("30 days net")
    NET_60 = "net_60", _("60 days net")
    NET_90 = "net_90", _("90 days net")
    MONTH_END_30 = "month_end_30", _("30 days after month end")


class LineFulfilment(models.TextChoices):
    """Where a line's goods come from."""

    STOCK = "stock", _("From stock")
    MAKE = "make", _("Made to order")


# --- the pipeline: leads, opportunities, quotes --------------------------------------------------


class LeadSource(models.TextChoices):
    """Where a lead came from (marketing measures its channels by it)."""

    WEB_FORM = "web_form", _("Web form")
    TRADE_SHOW = "trade_show", _("Trade show")
    REFERRAL = "referral", _("Referral")
    COLD_CALL = "cold_call", _("Cold call")
    PARTNER = "partner", _("Partner")
    WECOM = "wecom", _("WeCom")
    CAMPAIGN = "marketing_campaign", _("Marketing campaign")
    OTHER = "other", pgettext_lazy("lead source", "Other")


class LeadStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("lead status", "New")  # not looked at yet
    WORKING = "working", _("Working")  # somebody is contacting it
    QUALIFIED = "qualified", _("Qualified")  # budget, authority, need and timing checked
    DISQUALIFIED = "disqualified", _("Disqualified")  # not worth pursuing (the reason says why)
    CONVERTED = "converted", _("Converted")  # became a prospect party and an opportunity


# status -> the statuses a lead may move to (converting is its own use case)
LEAD_TRANSITIONS: dict[str, frozenset[str]] = {
    LeadStatus.NEW: frozenset({LeadStatus.WORKING, LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED}),
    LeadStatus.WORKING: frozenset({LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED}),
    LeadStatus.QUALIFIED: frozenset({LeadStatus.WORKING, LeadStatus.DISQUALIFIED}),
    LeadStatus.DISQUALIFIED: frozenset({LeadStatus.WORKING}),
    LeadStatus.CONVERTED: frozenset(),
}
CONVERTIBLE_LEAD_STATUSES = frozenset({LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED})


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being written; lines may change
    SENT = "sent", pgettext_lazy("quote status", "Sent")  # with the customer, waiting for an answer
    ACCEPTED = "accepted", _("Accepted")  # the customer said yes; an order was placed
    REJECTED = "rejected", _("Rejected")  # the customer said no
    EXPIRED = "expired", pgettext_lazy("quote status", "Expired")  # its validity ran out unanswered
    SUPERSEDED = "superseded", _("Superseded")  # a newer version of the same quote replaced it


# status -> the statuses a quote may move to (the one transition table for quotes)
QUOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    QuoteStatus.DRAFT: frozenset({QuoteStatus.SENT}),
    QuoteStatus.SENT: frozenset(
        {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED, QuoteStatus.SUPERSEDED}
    ),
    QuoteStatus.ACCEPTED: frozenset(),
    QuoteStatus.REJECTED: frozenset({QuoteStatus.SUPERSEDED}),
    QuoteStatus.EXPIRED: frozenset({QuoteStatus.SUPERSEDED}),
    QuoteStatus.SUPERSEDED: frozenset(),
}
REVISABLE_QUOTE_STATUSES = frozenset({QuoteStatus.SENT, QuoteStatus.REJECTED, QuoteStatus.EXPIRED})


class PriceSource(models.TextChoices):
    """Where a line's unit price came from."""

    MANUAL = "manual", _("Entered by hand")
    PRICE_LIST = "price_list", _("Customer's price list")
    LIST_PRICE = "list_price", _("Product list price")
    NONE = "none", _("No price found")


# The pipeline steps a new installation starts with: (code, name, default probability %, is won,
# is lost). Names are stored in English and shown translated until somebody renames the step.
DEFAULT_STEPS: tuple[tuple[str, str, int, bool, bool], ...] = (
    ("qualification", gettext_noop("Qualification"), 10, False, False),
    ("needs_analysis", gettext_noop("Needs analysis"), 30, False, False),
    ("proposal", gettext_noop("Proposal"), 50, False, False),
    ("negotiation", gettext_noop("Negotiation"), 75, False, False),
    ("won", gettext_noop("Won"), 100, True, False),
    ("lost", gettext_noop("Lost"), 0, False, True),
)
DEFAULT_STEP_NAMES = {code: name for code, name, *_rest in DEFAULT_STEPS}
