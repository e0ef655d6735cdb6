"""The service desk's records: cases and their messages (``cases``), the tasks a case gives a
responsible partner (``partners``), promises made to customers (``promises``), returns and refunds (``returns``), SLA policies and
clocks (``sla``). Every model is importable from here."""

from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.partners import PartnerTask, PartnerTaskQuerySet
from catena.service.models.promises import Promise, PromiseQuerySet
from catena.service.models.returns import (
    Refund,
    RefundApproval,
    ReturnAuthorization,
    ReturnLine,
    ReturnPolicy,
)
from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for

__all__ = [
    "Case",
    "CaseMessage",
    "CaseQuerySet",
    "PartnerTask",
    "PartnerTaskQuerySet",
    "Promise",
    "PromiseQuerySet",
    "Refund",
    "RefundApproval",
    "ReturnAuthorization",
    "ReturnLine",
    "ReturnPolicy",
    "SlaClock",
    "SlaClockState",
    "SlaPolicy",
    "SlaTarget",
    "policy_for",
]
