"""Survey pages: the public answer page the e-mailed link opens (no sign-in: the token is the
credential), and the staff page of CSAT and NPS by month with the answers, filtered.

The answer page never changes anything on a GET: mail scanners open links. A score link opens
the page with that score chosen, and the customer presses "Submit" (a POST with CSRF)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from catena.accounts.views import internal_page
from catena.core.errors import CodedHttpError
from catena.parties.models import Party
from catena.service import survey_stats
from catena.service.choices import SURVEY_SCALE, SurveyKind
from catena.service.models import Survey
from catena.service.services import surveys
from catena.service.survey_forms import SurveyAnswerForm, SurveyFilterForm, score_labels

PAGE_SIZE = 50
MISSES_ALLOWED = 30  # unknown tokens one address may try per window before it is refused
MISS_WINDOW = 600  # seconds


def _client(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _too_many_misses(request: HttpRequest) -> bool:
    return int(cache.get(f"survey-miss:{_client(request)}", 0)) >= MISSES_ALLOWED


def _count_miss(request: HttpRequest) -> None:
    key = f"survey-miss:{_client(request)}"
    if not cache.add(key, 1, MISS_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, MISS_WINDOW)


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    # the token is in the address: no caching, no referrer to other sites, no search engine
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _initial_score(survey: Survey, raw: str | None) -> int | None:
    low, high = SURVEY_SCALE[SurveyKind(survey.kind)]
    try:
        score = int(raw or "")
    except ValueError:
        return None
    return score if low <= score <= high else None


def _form_page(
    request: HttpRequest, survey: Survey, form: SurveyAnswerForm, status: int = 200
) -> HttpResponse:
    chosen = form.data.get("score") if form.is_bound else form.initial.get("score")
    context = {
        "survey": survey,
        "case": survey.case,
        "form": form,
        "scale": score_labels(survey.kind),
        "chosen": str(chosen) if chosen is not None else "",
    }
    return _public(request, "service/survey_answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The public answer page. Answered: a thank-you; expired: says so (410); unknown: 404."""
    if _too_many_misses(request):
        return _public(request, "service/survey_done.html", {"state": "limited"}, status=429)
    survey = surveys.survey_by_token(token)
    if survey is None:
        _count_miss(request)
        raise Http404
    with translation.override(survey.language):
        if survey.is_answered:
            return _public(request, "service/survey_done.html", {"state": "already", "survey": survey})
        if survey.is_expired(timezone.now()):
            return _public(request, "service/survey_done.html", {"state": "expired", "survey": survey}, 410)
        if request.method == "GET":
            form = SurveyAnswerForm(initial={"score": _initial_score(survey, request.GET.get("score"))})
            return _form_page(request, survey, form)
        form = SurveyAnswerForm(request.POST)
        if not form.is_valid():
            return _form_page(request, survey, form, status=422)
        try:
            surveys.answer(survey, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _form_page(request, survey, form, status=422)
        except CodedHttpError as exc:
            state = "expired" if exc.code == "survey.expired" else "already"
            return _public(
                request, "service/survey_done.html", {"state": state, "survey": survey}, exc.status_code
            )
        return _public(request, "service/survey_done.html", {"state": "thanks", "survey": survey})


@internal_page
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """CSAT and NPS by month (a chart), the figures over the filters, and the surveys."""
    form = SurveyFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        detractor = {"yes": True, "no": False}.get(data["detractor"])
        filters = {
            "kind": data["kind"],
            "state": data["state"],
            "party": data["party"],
            "detractor": detractor,
        }
    found = survey_stats.survey_list(request.user, **filters)
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    trend = survey_stats.monthly_trend(found)
    party_id = filters.get("party")
    context = {
        "form": form,
        "party_filter": Party.objects.for_user(request.user).filter(pk=party_id).first()
        if party_id
        else None,
        "page_obj": page_obj,
        "summary": survey_stats.summary(found),
        "trend": trend,
        "chart_data": {
            "months": [row["month"] for row in trend],
            "csat": [row["csat"] for row in trend],
            "nps": [row["nps"] for row in trend],
            "labels": {"csat": str(_("CSAT (average, 1–5)")), "nps": str(_("NPS (−100 to 100)"))},
        },
    }
    return render(
        request,
        "service/survey_list.html",
        context,
        status=200 if form.is_valid() or not request.GET else 422,
    )
