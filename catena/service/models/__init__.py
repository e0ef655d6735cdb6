"""The service desk's records: cases and their messages (``cases``), the tasks a case gives a
responsible partner (``partners``), promises made to customers (``promises``), SLA policies and
clocks (``sla``), assignment rules, agents' profiles and duty (``assignment``). Every model is importable from here."""

from catena.service.models.assignment import (
    AgentAbsence,
    AgentProfile,
    AssignmentCursor,
    AssignmentLog,
    AssignmentRule,
    DutySchedule,
)
from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.partners import PartnerTask, PartnerTaskQuerySet
from catena.service.models.promises import Promise, PromiseQuerySet
from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for

__all__ = [
    "AgentAbsence",
    "AgentProfile",
    "AssignmentCursor",
    "AssignmentLog",
    "AssignmentRule",
    "DutySchedule",
    "Case",
    "CaseMessage",
    "CaseQuerySet",
    "PartnerTask",
    "PartnerTaskQuerySet",
    "Promise",
    "PromiseQuerySet",
    "SlaClock",
    "SlaClockState",
    "SlaPolicy",
    "SlaTarget",
    "policy_for",
]
