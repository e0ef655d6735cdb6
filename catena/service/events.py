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


@declare(
    "survey.sent",
    subject="service.survey",
    example={"kind": "csat", "party": 7, "case": 42, "expires_at": "2026-12-22T09:00:00+08:00"},
)
class SurveySent(EventPayload):
    """A survey was e-mailed to a customer: CSAT when its case was resolved, NPS periodically."""

    kind: str
    """``csat`` or ``nps``."""
    party: int
    """The customer."""
    case: int | None = None
    """The resolved case a CSAT survey asks about; none for NPS."""
    expires_at: str
    """When its link stops working (ISO 8601)."""


@declare(
    "survey.answered",
    subject="service.survey",
    example={"kind": "nps", "score": 4, "detractor": True, "follow_up_case": 57},
)
class SurveyAnswered(EventPayload):
    """A customer answered a survey (once: the link then only thanks it)."""

    kind: str
    """``csat`` or ``nps``."""
    score: int
    """CSAT 1–5, NPS 0–10."""
    detractor: bool
    """CSAT 1–2 or NPS 0–6: a follow-up case was opened."""
    follow_up_case: int | None = None
    """The follow-up case opened for a detractor."""


class ReturnPayload(EventPayload):
    """What an RMA reached."""

    rma: int
    """The RMA."""
    number: str
    """The RMA number (``RMA-000012``)."""
    order: int
    """The sales order the goods came from."""


_RMA_EXAMPLE = {"rma": 12, "number": "RMA-000012", "order": 88}


@declare("return.requested", subject="service.case", example={**_RMA_EXAMPLE, "policy": 3, "lines": 2})
class ReturnRequested(ReturnPayload):
    """A customer (in the portal) or staff asked to return goods of an order."""

    policy: int
    """The return policy version it is judged under."""
    lines: int
    """How many order lines it returns."""


@declare("return.authorised", subject="service.case", example=_RMA_EXAMPLE)
class ReturnAuthorised(ReturnPayload):
    """The return was authorised: the goods may come back."""


@declare("return.rejected", subject="service.case", example=_RMA_EXAMPLE)
class ReturnRejected(ReturnPayload):
    """The return was refused (its decision note says why)."""


@declare("return.received", subject="service.case", example=_RMA_EXAMPLE)
class ReturnReceived(ReturnPayload):
    """The returned goods arrived."""


@declare("return.inspected", subject="service.case", example={**_RMA_EXAMPLE, "supplier_claims": 1})
class ReturnInspected(ReturnPayload):
    """Every line was inspected and given a disposition."""

    supplier_claims: int
    """How many lines went back to their supplier (each opened a supplier claim)."""


class RefundPayload(EventPayload):
    """A refund's step."""

    refund: int
    """The refund."""
    rma: int
    """The RMA."""
    amount: str
    """The amount, a decimal string."""
    currency: str
    """ISO 4217."""


_REFUND_EXAMPLE = {"refund": 5, "rma": 12, "amount": "398.00", "currency": "CNY"}


@declare("refund.proposed", subject="service.case", example={**_REFUND_EXAMPLE, "method": "credit_note"})
class RefundProposed(RefundPayload):
    """A refund was proposed on an RMA."""

    method: str
    """``original_payment``, ``credit_note`` or ``bank_transfer``."""


@declare("refund.approved", subject="service.case", example={**_REFUND_EXAMPLE, "approver": 4})
class RefundApproved(RefundPayload):
    """A refund was approved (by a manager when above the policy's threshold)."""

    approver: int
    """Who approved it."""


@declare("refund.rejected", subject="service.case", example={**_REFUND_EXAMPLE, "approver": 4})
class RefundRejected(RefundPayload):
    """A proposed refund was turned down."""

    approver: int
    """Who turned it down."""


@declare("refund.paid", subject="service.case", example={**_REFUND_EXAMPLE, "credit_note": "CN-000005"})
class RefundPaid(RefundPayload):
    """An approved refund was paid back, or credited by a credit note."""

    credit_note: str
    """The credit note number (``CN-000005``), empty when paid."""
