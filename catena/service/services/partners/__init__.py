"""The responsible partner on the clock: who may be responsible for a case (``suggestions``), and
the task that asks that partner to answer, with its clock, answer, evidence and outcome
(``tasks``)."""

from catena.service.services.partners.suggestions import Suggestion, suggest_partners
from catena.service.services.partners.tasks import (
    DEFAULT_RESPONSE_HOURS,
    add_evidence,
    answer_partner_task,
    close_partner_task,
    evidence,
    open_partner_task,
    partner_language,
    response_hours,
    withdraw_partner_task,
)

__all__ = [
    "DEFAULT_RESPONSE_HOURS",
    "Suggestion",
    "add_evidence",
    "answer_partner_task",
    "close_partner_task",
    "evidence",
    "open_partner_task",
    "partner_language",
    "response_hours",
    "suggest_partners",
    "withdraw_partner_task",
]
