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
    rule: int | None = None
    """The assignment rule that chose the owner; empty when named or given by the fallback chain."""


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


class SlaClockPayload(EventPayload):
    """What an SLA clock reached."""

    clock: int
    """The clock."""
    target: str
    """``first_response``, ``next_response`` or ``resolution``."""
    due_at: str | None
    """When it is (or was) due, ISO 8601."""
    level: int
    """The escalation level now: 0 the owner, 1 the team's lead, 2 the managers."""


_SLA_EXAMPLE = {"clock": 311, "target": "first_response", "due_at": "2026-09-30T14:00:00+08:00"}


@declare("case.sla_warned", subject="service.case", example={**_SLA_EXAMPLE, "level": 0})
class CaseSlaWarned(SlaClockPayload):
    """The warning share of a case's SLA target has run (the owner hears)."""


@declare("case.sla_breached", subject="service.case", example={**_SLA_EXAMPLE, "level": 1})
class CaseSlaBreached(SlaClockPayload):
    """A case's SLA target fell due unmet (the owner and the team's lead hear)."""


@declare("case.sla_escalated", subject="service.case", example={**_SLA_EXAMPLE, "level": 2})
class CaseSlaEscalated(SlaClockPayload):
    """A breached target ran half its length again unmet (the managers hear)."""


@declare(
    "partner_task.opened",
    subject="service.partnertask",
    example={"number": "PT-000012", "case": 40, "partner": 9, "partner_role": "carrier", "due_at": None},
)
class PartnerTaskOpened(EventPayload):
    """A case asked a partner (carrier, supplier, manufacturer) to answer for what went wrong."""

    number: str
    """The task number (``PT-000012``)."""
    case: int
    """The case."""
    partner: int
    """The partner party."""
    partner_role: str
    """``carrier``, ``supplier`` or ``manufacturer``."""
    due_at: str | None
    """When the partner's answer is due (its contract's response time in business hours)."""


@declare(
    "partner_task.answered",
    subject="service.partnertask",
    example={"stance": "accepted", "first": True, "case": 40},
)
class PartnerTaskAnswered(EventPayload):
    """The partner answered, accepting or disputing responsibility."""

    stance: str
    """``accepted`` or ``disputed``."""
    first: bool
    """Whether this was its first answer (the one its clock measured)."""
    case: int
    """The case."""


@declare("partner_task.closed", subject="service.partnertask", example={"outcome": "responsible", "case": 40})
class PartnerTaskClosed(EventPayload):
    """The agent recorded whether the partner was responsible."""

    outcome: str
    """``responsible``, ``shared`` or ``not_responsible``."""
    case: int
    """The case."""


@declare("partner_task.withdrawn", subject="service.partnertask", example={"case": 40})
class PartnerTaskWithdrawn(EventPayload):
    """A task asked by mistake was taken back; it counts for nothing in the partner's record."""

    case: int
    """The case."""


@declare("partner_task.sla_warned", subject="service.partnertask", example={**_SLA_EXAMPLE, "level": 0})
class PartnerTaskSlaWarned(SlaClockPayload):
    """The warning share of the partner's response time has run."""


@declare("partner_task.sla_breached", subject="service.partnertask", example={**_SLA_EXAMPLE, "level": 1})
class PartnerTaskSlaBreached(SlaClockPayload):
    """The partner's answer fell due and did not come (the partner is reminded)."""


@declare("partner_task.sla_escalated", subject="service.partnertask", example={**_SLA_EXAMPLE, "level": 2})
class PartnerTaskSlaEscalated(SlaClockPayload):
    """The partner's answer is overdue by half its response time again."""


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
