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
    "promise.made",
    subject="service.case",
    example={"promise": 12, "made_by": 3, "due_at": "2026-03-06T10:00:00+08:00"},
)
class PromiseMade(EventPayload):
    """An agent promised the customer something on a case, due by a time."""

    promise: int
    """The promise."""
    made_by: int
    """The agent who made it."""
    due_at: str
    """When it is due (ISO 8601)."""


@declare("promise.kept", subject="service.case", example={"promise": 12, "made_by": 3})
class PromiseKept(EventPayload):
    """A promise was kept: an agent said so while it was open (before the sweep found it overdue)."""

    promise: int
    """The promise."""
    made_by: int
    """The agent who made it."""


@declare("promise.broken", subject="service.case", example={"promise": 12, "made_by": 3})
class PromiseBroken(EventPayload):
    """A promise's due time passed before it was kept (the sweep found it)."""

    promise: int
    """The promise."""
    made_by: int
    """The agent who made it."""


@declare("promise.cancelled", subject="service.case", example={"promise": 12, "made_by": 3})
class PromiseCancelled(EventPayload):
    """A promise was withdrawn (its note says why); it counts neither as kept nor as broken."""

    promise: int
    """The promise."""
    made_by: int
    """The agent who made it."""
