"""The service desk's records: cases and their messages (``cases``), the tasks a case gives a
responsible partner (``partners``), promises made to customers (``promises``), surveys (``surveys``), SLA
policies and clocks (``sla``). Every model is importable from here."""

from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.partners import PartnerTask, PartnerTaskQuerySet
from catena.service.models.promises import Promise, PromiseQuerySet
from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for
from catena.service.models.surveys import Survey, SurveyQuerySet

__all__ = [
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
    "Survey",
    "SurveyQuerySet",
    "policy_for",
]
