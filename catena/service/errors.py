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
