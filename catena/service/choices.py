"""The service desk's vocabulary: kinds of case, their statuses and the one transition table."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseType(models.TextChoices):
    INQUIRY = "inquiry", pgettext_lazy("case type", "Inquiry")
    COMPLAINT = "complaint", pgettext_lazy("case type", "Complaint")
    RETURN_REQUEST = "return_request", pgettext_lazy("case type", "Return request")
    CLAIM = "claim", pgettext_lazy("case type", "Claim")  # damage or loss
    TECHNICAL_SUPPORT = "technical_support", pgettext_lazy("case type", "Technical support")


class CaseStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("case status", "New")  # not looked at yet
    OPEN = "open", pgettext_lazy("case status", "Open")  # being worked
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting on customer")
    WAITING_ON_PARTNER = "waiting_on_partner", _("Waiting on partner")
    RESOLVED = "resolved", pgettext_lazy("case status", "Resolved")  # answered, root cause recorded
    CLOSED = "closed", pgettext_lazy("case status", "Closed")  # done; reopening starts it again


# status -> the statuses a case may move to (the one transition table for cases). Moving from
# resolved or closed back to open is a reopen.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.NEW: frozenset(
        {CaseStatus.OPEN, CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.WAITING_ON_PARTNER, CaseStatus.RESOLVED}
    ),
    CaseStatus.OPEN: frozenset(
        {CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.WAITING_ON_PARTNER, CaseStatus.RESOLVED}
    ),
    CaseStatus.WAITING_ON_CUSTOMER: frozenset(
        {CaseStatus.OPEN, CaseStatus.WAITING_ON_PARTNER, CaseStatus.RESOLVED}
    ),
    CaseStatus.WAITING_ON_PARTNER: frozenset(
        {CaseStatus.OPEN, CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.RESOLVED}
    ),
    CaseStatus.RESOLVED: frozenset({CaseStatus.CLOSED, CaseStatus.OPEN}),
    CaseStatus.CLOSED: frozenset({CaseStatus.OPEN}),
}
ACTIVE_STATUSES = frozenset(
    {CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.WAITING_ON_PARTNER}
)
DONE_STATUSES = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})


class CasePriority(models.TextChoices):
    LOW = "low", pgettext_lazy("priority", "Low")
    NORMAL = "normal", pgettext_lazy("priority", "Normal")
    HIGH = "high", pgettext_lazy("priority", "High")
    URGENT = "urgent", pgettext_lazy("priority", "Urgent")


# The queue's order: the most urgent first (stored as a number so an index can sort by it).
PRIORITY_RANK = {CasePriority.URGENT: 0, CasePriority.HIGH: 1, CasePriority.NORMAL: 2, CasePriority.LOW: 3}


class CaseSeverity(models.TextChoices):
    """How badly the customer's business is hit (priority is how soon we act)."""

    MINOR = "minor", pgettext_lazy("severity", "Minor")
    MODERATE = "moderate", pgettext_lazy("severity", "Moderate")
    MAJOR = "major", pgettext_lazy("severity", "Major")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


class CaseChannel(models.TextChoices):
    """How the case came in."""

    PORTAL = "portal", pgettext_lazy("case channel", "Portal")
    EMAIL = "email", pgettext_lazy("case channel", "E-mail")
    PHONE = "phone", pgettext_lazy("case channel", "Phone")
    SMS = "sms", pgettext_lazy("case channel", "SMS")
    WECOM = "wecom", pgettext_lazy("case channel", "WeCom")
    API = "api", pgettext_lazy("case channel", "API")
    STAFF = "staff", pgettext_lazy("case channel", "Entered by staff")


class RootCause(models.TextChoices):
    """Whose error the case came from, recorded when it is resolved."""

    OUR_ERROR = "our_error", _("Our error")
    CARRIER = "carrier", pgettext_lazy("root cause", "Carrier")
    SUPPLIER = "supplier", _("Supplier or manufacturer")
    CUSTOMER = "customer", pgettext_lazy("root cause", "Customer")
    UNKNOWN = "unknown", pgettext_lazy("root cause", "Unknown")


class MessageVisibility(models.TextChoices):
    REPLY = "reply", _("Reply to the customer")  # the customer reads it
    NOTE = "note", _("Internal note")  # staff only; never shown to the customer


class MessageSender(models.TextChoices):
    """Who wrote a message: our staff, or the customer (in the portal or through a channel)."""

    STAFF = "staff", pgettext_lazy("message sender", "Staff")
    CUSTOMER = "customer", pgettext_lazy("message sender", "Customer")


class PartnerRole(models.TextChoices):
    """What the responsible partner is to us in the case's matter."""

    CARRIER = "carrier", pgettext_lazy("partner role", "Carrier")
    SUPPLIER = "supplier", pgettext_lazy("partner role", "Supplier")
    MANUFACTURER = "manufacturer", pgettext_lazy("partner role", "Manufacturer")


class PartnerTaskStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the partner")  # the partner's clock runs
    ANSWERED = "answered", pgettext_lazy("partner task", "Answered")  # the agent weighs the answer
    CLOSED = "closed", pgettext_lazy("partner task", "Closed")  # the agent recorded the outcome
    WITHDRAWN = "withdrawn", pgettext_lazy("partner task", "Withdrawn")  # asked by mistake


ACTIVE_TASK_STATUSES = frozenset({PartnerTaskStatus.OPEN, PartnerTaskStatus.ANSWERED})


class PartnerStance(models.TextChoices):
    """The partner's answer on responsibility."""

    ACCEPTED = "accepted", _("Accepts responsibility")
    DISPUTED = "disputed", _("Disputes responsibility")


class PartnerOutcome(models.TextChoices):
    """What the agent concluded: the figure the partner's record (and its trust) is built from."""

    RESPONSIBLE = "responsible", _("The partner was responsible")
    SHARED = "shared", _("Responsibility was shared")
    NOT_RESPONSIBLE = "not_responsible", _("The partner was not responsible")


class PromiseStatus(models.TextChoices):
    """Where a promise made to the customer stands. Only an open promise moves: to kept or
    cancelled by an agent, to broken by the sweep once its due time has passed."""

    OPEN = "open", pgettext_lazy("promise status", "Open")  # made, due time not reached yet
    KEPT = "kept", pgettext_lazy("promise status", "Kept")  # done as promised, before it was due
    BROKEN = "broken", pgettext_lazy("promise status", "Broken")  # its due time passed unkept
    CANCELLED = "cancelled", pgettext_lazy("promise status", "Cancelled")  # withdrawn, with a reason


# Kept and broken promises are the ones a kept rate counts; cancelled ones count for nobody.
PROMISE_SETTLED = frozenset({PromiseStatus.KEPT, PromiseStatus.BROKEN})
# --- the knowledge base -------------------------------------------------------------------------


class ArticleVisibility(models.TextChoices):
    INTERNAL = "internal", pgettext_lazy("article visibility", "Internal")  # staff only
    PUBLIC = "public", pgettext_lazy("article visibility", "Public")  # customers read it in the portal


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("article status", "Draft")  # being written; writers only
    PUBLISHED = "published", pgettext_lazy("article status", "Published")  # readers find it
    ARCHIVED = "archived", pgettext_lazy("article status", "Archived")  # retired; writers only


class ArticleLanguage(models.TextChoices):
    """The languages an article is written in: each has its own text, versioned on its own."""

    ZH_HANS = "zh-hans", _("Simplified Chinese")
    EN = "en", _("English")


# status -> the statuses an article may move to. Publishing again an archived article brings it back.
ARTICLE_TRANSITIONS: dict[str, frozenset[str]] = {
    ArticleStatus.DRAFT: frozenset({ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED}),
    ArticleStatus.PUBLISHED: frozenset({ArticleStatus.ARCHIVED}),
    ArticleStatus.ARCHIVED: frozenset({ArticleStatus.PUBLISHED}),
}


class SurveyKind(models.TextChoices):
    """What a survey asks: satisfaction with one resolved case, or the customer's loyalty."""

    CSAT = "csat", _("Satisfaction with a case (CSAT)")  # 1–5, sent when a case is resolved
    NPS = "nps", _("Net promoter score (NPS)")  # 0–10, sent to each customer periodically


class SurveyChannel(models.TextChoices):
    """How the answer came in: the e-mailed link, or signed in to the portal."""

    EMAIL = "email", pgettext_lazy("survey channel", "E-mail link")
    PORTAL = "portal", pgettext_lazy("survey channel", "Portal")


# The score range of each kind, and the scores that make the customer a detractor.
SURVEY_SCALE = {SurveyKind.CSAT: (1, 5), SurveyKind.NPS: (0, 10)}
DETRACTOR_MAX = {SurveyKind.CSAT: 2, SurveyKind.NPS: 6}
NPS_PROMOTER_MIN = 9


class RefundMethod(models.TextChoices):
    """How a refund reaches the customer."""

    ORIGINAL_PAYMENT = "original_payment", _("To the original payment")
    CREDIT_NOTE = "credit_note", _("Credit note")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class ReturnStatus(models.TextChoices):
    """Where a return authorisation (RMA) stands; the moves are in ``RETURN_TRANSITIONS``."""

    REQUESTED = "requested", pgettext_lazy("return status", "Requested")  # the customer asked
    AUTHORISED = "authorised", pgettext_lazy("return status", "Authorised")  # the goods may come back
    REJECTED = "rejected", pgettext_lazy("return status", "Rejected")  # refused, with a reason
    IN_TRANSIT = "in_transit", pgettext_lazy("return status", "In transit")  # shipped back to us
    RECEIVED = "received", pgettext_lazy("return status", "Received")  # the goods arrived
    INSPECTED = "inspected", pgettext_lazy("return status", "Inspected")  # every line has a disposition
    CLOSED = "closed", pgettext_lazy("return status", "Closed")  # refunds settled, nothing left to do


RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    ReturnStatus.REQUESTED: frozenset({ReturnStatus.AUTHORISED, ReturnStatus.REJECTED}),
    ReturnStatus.AUTHORISED: frozenset({ReturnStatus.IN_TRANSIT, ReturnStatus.RECEIVED}),
    ReturnStatus.IN_TRANSIT: frozenset({ReturnStatus.RECEIVED}),
    ReturnStatus.RECEIVED: frozenset({ReturnStatus.INSPECTED}),
    ReturnStatus.INSPECTED: frozenset({ReturnStatus.CLOSED}),
    ReturnStatus.REJECTED: frozenset(),
    ReturnStatus.CLOSED: frozenset(),
}
# An RMA in these statuses still holds its quantities against the order line.
RETURN_HOLDING = frozenset(set(ReturnStatus.values) - {ReturnStatus.REJECTED})


class ReturnCondition(models.TextChoices):
    """The state of the returned goods, as the customer reports it and the inspection finds it."""

    UNOPENED = "unopened", _("Unopened")
    OPENED = "opened", _("Opened, as new")
    USED = "used", pgettext_lazy("goods condition", "Used")
    DAMAGED = "damaged", pgettext_lazy("goods condition", "Damaged")
    DEFECTIVE = "defective", pgettext_lazy("goods condition", "Defective")


class Disposition(models.TextChoices):
    """What happens to a returned line after inspection."""

    RESTOCK = "restock", _("Restock")
    REPAIR = "repair", pgettext_lazy("disposition", "Repair")
    SCRAP = "scrap", pgettext_lazy("disposition", "Scrap")
    RETURN_TO_SUPPLIER = "return_to_supplier", _("Return to supplier")  # opens a supplier claim


class RefundStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("refund status", "Proposed")  # awaiting approval
    APPROVED = "approved", pgettext_lazy("refund status", "Approved")  # to be paid or credited
    PAID = "paid", pgettext_lazy("refund status", "Paid")  # money sent back
    CREDITED = "credited", pgettext_lazy("refund status", "Credited")  # credit note issued
    REJECTED = "rejected", pgettext_lazy("refund status", "Rejected")


# Refunds in these statuses count against the order's and the RMA's limits.
REFUND_COUNTING = frozenset(
    {RefundStatus.PROPOSED, RefundStatus.APPROVED, RefundStatus.PAID, RefundStatus.CREDITED}
)
# Refunds in these statuses count against the limits at approval (money promised or gone).
REFUND_COMMITTED = frozenset({RefundStatus.APPROVED, RefundStatus.PAID, RefundStatus.CREDITED})


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("approval decision", "Approved")
    REJECTED = "rejected", pgettext_lazy("approval decision", "Rejected")


class AssignmentMethod(models.TextChoices):
    """How a rule picks among the eligible agents of its team."""

    ROUND_ROBIN = "round_robin", _("Round-robin")  # each agent in turn, by user id
    LEAST_LOADED = "least_loaded", _("Least loaded")  # fewest active cases; longest idle on a tie


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
