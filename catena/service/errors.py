"""Error codes of cases and their messages (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare, declare_stale_version

CASE_TRANSITION = declare(
    "case.transition_not_allowed",
    422,
    _("The case cannot move to this status."),
    "The case's current status does not allow the move (see the transition table in docs/domains/service.md).",
)
CASE_ROOT_CAUSE_REQUIRED = declare(
    "case.root_cause_required",
    422,
    _("Give the root cause to resolve the case."),
    "Resolving a case needs its root cause (our error, carrier, supplier, customer, unknown).",
)
CASE_RESOLUTION_REQUIRED = declare(
    "case.resolution_required",
    422,
    _("Say how the case was resolved."),
    "Resolving a case needs a resolution text.",
)
CASE_MERGED = declare(
    "case.merged",
    422,
    _("This case was merged into another; work on that one."),
    "The case is a duplicate merged into another case; it takes no more changes or messages.",
)
CASE_MERGE_NOT_ALLOWED = declare(
    "case.merge_not_allowed",
    422,
    _("These cases cannot be merged."),
    "A case can only be merged into another, unmerged case of the same customer.",
)
CASE_CONTACT_OTHER_PARTY = declare(
    "case.contact_other_party",
    422,
    _("This contact works for another party."),
    "The contact given is not one of the customer's contacts.",
)
CASE_LINK_OTHER_PARTY = declare(
    "case.link_other_party",
    422,
    _("This record belongs to another customer."),
    "The order, order line or shipment given is not the customer's.",
)
CASE_PARTY_NOT_A_CUSTOMER = declare(
    "case.party_not_a_customer",
    422,
    _("Cases are opened for customers."),
    "The party has no buying role (customer, retailer, distributor).",
)
CASE_EMPTY_MESSAGE = declare(
    "case.empty_message",
    422,
    _("Write a message."),
    "A reply or a note needs a text.",
)
CASE_NO_OWNER = declare(
    "case.no_owner",
    422,
    _("Nobody may own this case: give an owner who works cases."),
    "No eligible owner was found (neither the agent, the account manager nor any service agent).",
)
CASE_STALE = declare_stale_version("case", "service.Case")

PARTNER_TASK_NOT_A_PARTNER = declare(
    "partner_task.not_a_partner",
    422,
    _("This party is not a partner in this role."),
    "A partner task goes to a carrier, a supplier or a manufacturer that plays that role.",
)
PARTNER_TASK_LINK_OTHER_PARTNER = declare(
    "partner_task.link_other_partner",
    422,
    _("This record belongs to another partner."),
    "The shipment must be the carrier's, the purchase order the supplier's.",
)
PARTNER_TASK_ALREADY_OPEN = declare(
    "partner_task.already_open",
    409,
    _("This partner already has an open task on this case."),
    "One active task per partner and case: add to it, or close it first.",
)
PARTNER_TASK_CASE_NOT_ACTIVE = declare(
    "partner_task.case_not_active",
    422,
    _("Reopen the case before asking a partner about it."),
    "Partner tasks are opened on cases still being worked.",
)
PARTNER_TASK_CLOSED = declare(
    "partner_task.closed",
    422,
    _("This task is closed."),
    "A closed or withdrawn task takes no more answers, evidence or outcome.",
)
PARTNER_TASK_STANCE_REQUIRED = declare(
    "partner_task.stance_required",
    422,
    _("Say whether you accept responsibility."),
    "An answer names the partner's stance: `accepted` or `disputed`.",
)
PARTNER_TASK_OUTCOME_REQUIRED = declare(
    "partner_task.outcome_required",
    422,
    _("Record whether the partner was responsible."),
    "Closing a task needs its outcome: `responsible`, `shared` or `not_responsible`.",
)
PARTNER_TASK_STALE = declare_stale_version("partner_task", "service.PartnerTask")
PROMISE_DUE_IN_PAST = declare(
    "promise.due_in_past",
    422,
    _("A promise is due in the future."),
    "The promise's `due_at` is not after the moment it is made.",
)
PROMISE_CASE_CLOSED = declare(
    "promise.case_closed",
    422,
    _("Promises are made on cases still being worked."),
    "The case is resolved, closed or merged into another; reopen it to promise something.",
)
PROMISE_EMPTY = declare(
    "promise.empty",
    422,
    _("Say what was promised."),
    "A promise needs its text (what the customer was promised).",
)
PROMISE_NOTE_REQUIRED = declare(
    "promise.note_required",
    422,
    _("Say why the promise is cancelled."),
    "Cancelling a promise needs a note saying why.",
)
PROMISE_NOT_OPEN = declare(
    "promise.not_open",
    409,
    _("This promise is already kept, broken or cancelled."),
    "Only an open promise can be kept or cancelled; a promise the sweep broke stays broken.",
)
# --- the knowledge base ------------------------------------------------------------------------
ARTICLE_TEXT_REQUIRED = declare(
    "article.text_required",
    422,
    _("Write a title and a text in Chinese or in English."),
    "An article needs a title and a text in at least one language (zh-hans or en).",
)
ARTICLE_TITLE_REQUIRED = declare(
    "article.title_required",
    422,
    _("Give this text a title."),
    "A language's text was given without its title, or a title without its text.",
)
ARTICLE_TRANSITION = declare(
    "article.transition_not_allowed",
    422,
    _("The article cannot move to this status."),
    "Draft → published or archived; published → archived; archived → published.",
)
ARTICLE_UNKNOWN_CATEGORY = declare(
    "article.unknown_category",
    422,
    _("No such category."),
    "The category given does not exist.",
)
ARTICLE_NOT_PUBLISHED = declare(
    "article.not_published",
    422,
    _("Only a published article takes feedback."),
    "Feedback is given on published articles only.",
)
ARTICLE_STALE = declare_stale_version("article", "service.Article")
CANNED_TITLE_TAKEN = declare(
    "canned.title_taken",
    422,
    _("A response with this title exists already."),
    "Canned responses have one title per language.",
)
SURVEY_EXPIRED = declare(
    "survey.expired",
    410,
    _("This survey has expired."),
    "The survey's link is past its expiry (`CATENA_SURVEY_DAYS` after it was sent).",
)
SURVEY_ALREADY_ANSWERED = declare(
    "survey.already_answered",
    409,
    _("This survey was already answered. Thank you!"),
    "A survey is answered once; its link then only thanks the customer.",
)
SURVEY_SCORE_OUT_OF_RANGE = declare(
    "survey.score_out_of_range",
    422,
    _("Choose a score on the survey's scale."),
    "CSAT scores are 1–5, NPS scores 0–10.",
)


RETURN_NO_POLICY = declare(
    "return.no_policy",
    422,
    _("No return policy is in force; publish one first."),
    "No active return policy is effective today, so a return cannot be judged.",
)
RETURN_WINDOW_CLOSED = declare(
    "return.window_closed",
    422,
    _("The return window for this line has closed."),
    "The line was delivered longer ago than the policy's return window allows.",
)
RETURN_NOT_DELIVERED = declare(
    "return.not_delivered",
    422,
    _("Only delivered goods can be returned."),
    "No delivered shipment carried this order line.",
)
RETURN_QUANTITY_EXCEEDS = declare(
    "return.quantity_exceeds",
    422,
    _("More than was delivered and not yet returned."),
    "The quantity exceeds the line's delivered quantity less what other returns already hold.",
)
RETURN_LINE_OTHER_ORDER = declare(
    "return.line_other_order",
    422,
    _("This line belongs to another order."),
    "Every returned line must be a line of the RMA's order.",
)
RETURN_NO_LINES = declare(
    "return.no_lines",
    422,
    _("Name at least one line to return."),
    "A return request needs at least one order line with a quantity.",
)
RETURN_TRANSITION = declare(
    "return.transition_not_allowed",
    422,
    _("The return cannot move to this status."),
    "The RMA's current status does not allow the step (requested → authorised/rejected → in transit → "
    "received → inspected → closed).",
)
RETURN_REASON_REQUIRED = declare(
    "return.reason_required",
    422,
    _("Give a reason."),
    "Requesting or rejecting a return needs a reason.",
)
RETURN_NOT_INSPECTED = declare(
    "return.not_inspected",
    422,
    _("Inspect every line first."),
    "An RMA is marked inspected once each of its lines has a disposition.",
)
RETURN_NO_SUPPLIER = declare(
    "return.no_supplier",
    422,
    _("No supplier is known for this product."),
    "Returning to the supplier needs a supplier item for the product (the preferred one is asked).",
)
REFUND_EXCEEDS_PAID = declare(
    "refund.exceeds_paid",
    422,
    _("The refund exceeds what may be refunded."),
    "Refunds of an RMA stay within its returned lines' value less the restocking fee, and refunds of an "
    "order within its net total.",
)
REFUND_NEEDS_APPROVAL = declare(
    "refund.needs_approval",
    403,
    _("This refund is above your approval limit; a manager approves it."),
    "The amount is above the policy's threshold: only the policy's approver role may approve it.",
)
REFUND_NOT_ALLOWED = declare(
    "refund.not_allowed",
    422,
    _("Refunds are proposed once the goods are received."),
    "A refund is proposed on a received or inspected RMA.",
)
REFUND_TRANSITION = declare(
    "refund.transition_not_allowed",
    422,
    _("The refund cannot move to this status."),
    "A refund moves proposed → approved → paid (or credited for a credit note), or proposed → rejected.",
)
REFUND_INVALID_AMOUNT = declare(
    "refund.invalid_amount",
    422,
    _("Enter an amount above zero."),
    "A refund's amount is a positive money amount with at most two decimals.",
)


ASSIGNMENT_PRIORITY_TAKEN = declare(
    "assignment.priority_taken",
    422,
    _("Another rule has this priority."),
    "Each assignment rule has its own priority (the order rules are tried in).",
)
ASSIGNMENT_NO_TARGET = declare(
    "assignment.no_target",
    422,
    _("Choose a team or a colleague, not both."),
    "A rule gives cases to a team's agents or to one named colleague: exactly one of `team` and `user`.",
)
ASSIGNMENT_NOT_AN_AGENT = declare(
    "assignment.not_an_agent",
    422,
    _("Choose an active member of staff who may own cases."),
    "Rules, agent profiles and duty shifts name active staff whose role may change cases.",
)
ASSIGNMENT_ENDS_BEFORE_START = declare(
    "assignment.ends_before_start",
    422,
    _("The end must come after the start."),
    "A duty shift ends after it starts on the same day; an absence's last day is not before its first.",
)
ASSIGNMENT_BAD_SKILLS = declare(
    "assignment.bad_skills",
    422,
    _("Skills are short codes (letters, digits, - and _), at most 20 of them."),
    "An agent's skills and a rule's skill are codes of 1–40 characters such as `zh`, `en`, `pumps`.",
)
