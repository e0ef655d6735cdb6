"""The domain events of the service desk (declared here, emitted by ``service.services``)."""

from __future__ import annotations

from pydantic import Field

from catena.core.events import EventPayload, declare


@declare(
    "case.opened",
    subject="service.case",
    example={"number": "CS-000042", "party": 7, "case_type": "complaint", "channel": "portal", "owner": 3},
)
class CaseOpened(EventPayload):
    """A case was opened (by an agent, in the portal, through the API or a channel)."""

    number: str
    """The case number (``CS-000042``)."""
    party: int
    """The customer."""
    case_type: str
    """``inquiry``, ``complaint``, ``return_request``, ``claim`` or ``technical_support``."""
    channel: str
    """How it came in (``portal``, ``email``, ``phone``, …)."""
    owner: int
    """The user who owns it."""


@declare("case.assigned", subject="service.case", example={"from": 3, "to": 5})
class CaseAssigned(EventPayload):
    """A case was given to another owner."""

    from_: int = Field(alias="from")
    """The owner before."""
    to: int
    """The owner now."""


@declare(
    "case.status_changed",
    subject="service.case",
    example={"from": "open", "to": "resolved", "root_cause": "carrier"},
)
class CaseStatusChanged(EventPayload):
    """A case moved to another status (resolving, closing and reopening among them)."""

    from_: str = Field(alias="from")
    """The status it left."""
    to: str
    """The status it is in now."""
    root_cause: str = ""
    """On resolving: whose error it was (``our_error``, ``carrier``, ``supplier``, ``customer``,
    ``unknown``); empty otherwise."""


@declare("case.replied", subject="service.case", example={"message": 120, "sender": "staff"})
class CaseReplied(EventPayload):
    """A reply was written on a case, by staff to the customer or by the customer."""

    message: int
    """The message."""
    sender: str
    """``staff`` or ``customer``."""


@declare("case.noted", subject="service.case", example={"message": 121})
class CaseNoted(EventPayload):
    """An internal note was written on a case (the customer never sees it)."""

    message: int
    """The message."""


@declare("case.merged", subject="service.case", example={"into": 40, "messages": 3})
class CaseMerged(EventPayload):
    """A duplicate case was merged into another (the subject is the duplicate)."""

    into: int
    """The case that carries on."""
    messages: int
    """How many messages moved to it."""


@declare(
    "article.published",
    subject="service.article",
    example={"number": "KB-000012", "visibility": "public", "revision": 3, "languages": ["zh-hans", "en"]},
)
class ArticlePublished(EventPayload):
    """An article of the knowledge base was published (or published again after archiving):
    readers find it from now on."""

    number: str
    """The article number (``KB-000012``)."""
    visibility: str
    """``internal`` (staff only) or ``public`` (customers read it in the portal)."""
    revision: int
    """The revision published."""
    languages: list[str]
    """The languages it has a text in (``zh-hans``, ``en``)."""


@declare("article.archived", subject="service.article", example={"number": "KB-000012", "was": "published"})
class ArticleArchived(EventPayload):
    """An article was archived: readers no longer find it; writers still read it."""

    number: str
    """The article number."""
    was: str
    """The status it left (``draft`` or ``published``)."""
