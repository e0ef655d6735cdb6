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
