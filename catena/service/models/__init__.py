"""The service desk's records: cases and their messages (``cases``), the tasks a case gives a
responsible partner (``partners``), promises made to customers (``promises``), returns and
refunds (``returns``), the knowledge base (``knowledge``), surveys (``surveys``), the agent's
canned responses and who has a case open (``desk``), assignment rules, agents' profiles and duty
(``assignment``), SLA policies and clocks (``sla``). Every model is importable from here."""

from catena.service.models.assignment import (
    AgentAbsence,
    AgentProfile,
    AssignmentCursor,
    AssignmentLog,
    AssignmentRule,
    DutySchedule,
)
from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.desk import CannedResponse, CaseViewing
from catena.service.models.knowledge import (
    Article,
    ArticleCategory,
    ArticleFeedback,
    ArticleQuerySet,
    ArticleVersion,
)
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
from catena.service.models.surveys import Survey, SurveyQuerySet

__all__ = [
    "CannedResponse",
    "CaseViewing",
    "Article",
    "ArticleCategory",
    "ArticleFeedback",
    "ArticleQuerySet",
    "ArticleVersion",
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
    "Refund",
    "RefundApproval",
    "ReturnAuthorization",
    "ReturnLine",
    "ReturnPolicy",
    "SlaClock",
    "SlaClockState",
    "SlaPolicy",
    "SlaTarget",
    "Survey",
    "SurveyQuerySet",
    "policy_for",
]
