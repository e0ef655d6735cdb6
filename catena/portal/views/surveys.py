"""A customer answers its party's surveys signed in (the same question as the e-mailed link);
another party's survey is a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from catena.accounts.models import User
from catena.core.errors import CodedHttpError
from catena.parties.models import Party
from catena.portal.policies import CASES
from catena.portal.views.common import party_record_or_404, portal_of, portal_page, render_portal
from catena.service import survey_stats
from catena.service.models import Survey
from catena.service.services import surveys
from catena.service.survey_forms import SurveyAnswerForm, score_labels


def _own_survey(user: User, party: Party, pk: int) -> Survey | None:
    survey = survey_stats.visible_survey(user, pk)
    return survey if survey is not None and survey.party_id == party.pk else None


def _page(request: HttpRequest, survey: Survey, form: SurveyAnswerForm, status: int = 200) -> HttpResponse:
    chosen = form.data.get("score") if form.is_bound else None
    context: dict[str, Any] = {
        "survey": survey,
        "case": survey.case,
        "form": form,
        "scale": score_labels(survey.kind),
        "chosen": str(chosen) if chosen is not None else "",
    }
    return render_portal(request, "service/survey_answer.html", context, nav=CASES, status=status)


def _done(request: HttpRequest, survey: Survey, state: str, status: int = 200) -> HttpResponse:
    return render_portal(
        request, "service/survey_done.html", {"state": state, "survey": survey}, nav=CASES, status=status
    )


@portal_page(section=CASES)
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    survey = party_record_or_404(request, _own_survey, pk)
    if survey.is_answered:
        return _done(request, survey, "already")
    if survey.is_expired(timezone.now()):
        return _done(request, survey, "expired", 410)
    if request.method == "GET":
        return _page(request, survey, SurveyAnswerForm())
    form = SurveyAnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, survey, form, status=422)
    try:
        surveys.answer(
            survey,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
            actor=portal_of(request).user,
        )
    except ValidationError as exc:
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _page(request, survey, form, status=422)
    except CodedHttpError as exc:
        return _done(
            request, survey, "expired" if exc.code == "survey.expired" else "already", exc.status_code
        )
    return _done(request, survey, "thanks")
