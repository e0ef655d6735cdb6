"""The service desk's records: cases and their messages (``cases``), SLA policies and clocks
(``sla``). Every model is importable from here."""

from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for

__all__ = [
    "Case",
    "CaseMessage",
    "CaseQuerySet",
    "SlaClock",
    "SlaClockState",
    "SlaPolicy",
    "SlaTarget",
    "policy_for",
]
