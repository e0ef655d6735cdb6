"""The service desk's records: cases and their messages (``cases``), SLA policies and clocks
(``sla``), promises made to customers (``promises``). Every model is importable from here."""

from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.promises import Promise, PromiseQuerySet
from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for

__all__ = [
    "Case",
    "CaseMessage",
    "CaseQuerySet",
    "Promise",
    "PromiseQuerySet",
    "SlaClock",
    "SlaClockState",
    "SlaPolicy",
    "SlaTarget",
    "policy_for",
]
