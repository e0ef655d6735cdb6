"""The service desk's records: cases and their messages (``cases``), SLA policies and clocks
(``sla``), the knowledge base (``knowledge``). Every model is importable from here."""

from catena.service.models.cases import Case, CaseMessage, CaseQuerySet
from catena.service.models.knowledge import (
    Article,
    ArticleCategory,
    ArticleFeedback,
    ArticleQuerySet,
    ArticleVersion,
)
from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for

__all__ = [
    "Article",
    "ArticleCategory",
    "ArticleFeedback",
    "ArticleQuerySet",
    "ArticleVersion",
    "Case",
    "CaseMessage",
    "CaseQuerySet",
    "SlaClock",
    "SlaClockState",
    "SlaPolicy",
    "SlaTarget",
    "policy_for",
]
