"""REST endpoints of customer surveys: the list (staff; filters kind, party, detractor), one
survey, and answering it (a customer's portal user, for its own party's surveys). The schemas
are here: nothing else uses them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from catena.accounts import roles
from catena.core import access
from catena.core.api_schemas import InSchema, PageParams, RowId, RuledOut, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.parties.schemas import PartyRefOut
from catena.service import survey_stats
from catena.service.choices import SurveyKind
from catena.service.models import Survey
from catena.service.schemas import CaseRefOut
from catena.service.services import surveys

router = Router(tags=["surveys"])


class SurveyOut(Schema, RuledOut):
    """A survey and its answer. A portal customer reads what was asked and its answer only."""

    FIELD_MODEL = Survey

    id: int
    kind: str = Field(..., description="`csat` (a resolved case, 1–5) or `nps` (0–10).")
    party: PartyRefOut | None
    case: CaseRefOut | None = Field(None, description="The case a CSAT survey asks about.")
    email: str = Field(..., description="Where it was sent.")
    language: str
    sent_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    channel: str = Field(
        ..., description="How it was answered: `email` (the link) or `portal`; empty before."
    )
    score: int | None
    comment: str
    is_detractor: bool = Field(..., description="CSAT 1–2 or NPS 0–6.")
    follow_up_case: CaseRefOut | None = Field(None, description="The case opened for a low score.")


class SurveyPageOut(Schema):
    count: int
    items: list[SurveyOut]


class SurveyListParams(PageParams):
    kind: SurveyKind | None = None
    party: RowId | None = Field(None, description="The customer.")
    detractor: bool | None = Field(None, description="`true`: low scores only; `false`: the other answers.")


class SurveyAnswerIn(InSchema):
    score: int = Field(..., description="CSAT 1–5, NPS 0–10 (`survey.score_out_of_range`).")
    comment: str = Field("", max_length=2000)


def _survey(request: HttpRequest, survey_id: int) -> Survey:
    found = survey_stats.visible_survey(actor_of(request), survey_id)
    if found is None:
        raise not_found()
    return found


@router.get("/", response=with_errors({200: SurveyPageOut}, 403), summary="List surveys")
def list_surveys(request: HttpRequest, params: Query[SurveyListParams]) -> dict[str, Any]:
    """The latest sent first. Staff only."""
    user = actor_of(request)
    if not roles.is_internal(user):
        raise access.PermissionDenied(access.VIEW, Survey)
    found = survey_stats.survey_list(
        user, kind=params.kind or "", party=params.party, detractor=params.detractor
    )
    return page(found, params)


@router.get("/{survey_id}", response=with_errors({200: SurveyOut}, 404), summary="Get a survey")
def get_survey(request: HttpRequest, survey_id: RowId) -> Survey:
    """Staff read any survey; a portal customer only its own party's (another's is a 404)."""
    return _survey(request, survey_id)


@router.post(
    "/{survey_id}/answer",
    response=with_errors({200: SurveyOut}, 403, 404, 409, 410),
    summary="Answer a survey",
)
def answer_survey(request: HttpRequest, survey_id: RowId, payload: SurveyAnswerIn) -> Survey:
    """For a customer's portal user, once (`survey.already_answered`, 409), before it expires
    (`survey.expired`, 410). A low score opens a follow-up case."""
    survey = _survey(request, survey_id)
    surveys.answer(survey, score=payload.score, comment=payload.comment, actor=actor_of(request))
    return _survey(request, survey_id)
