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
