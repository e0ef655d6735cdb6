"""``{% survey_panel case %}``: the case page's CSAT panel (score, comment, follow-up case);
``{% pending_surveys %}`` / ``{% pending_surveys case %}``: the surveys a portal customer may
still answer, on its portal home or one case's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from catena.accounts import roles
from catena.service import survey_stats
from catena.service.models import Case

register = template.Library()


@register.inclusion_tag("service/survey_panel.html", takes_context=True)
def survey_panel(context: template.Context, case: Case) -> dict[str, Any]:
    survey = survey_stats.case_survey(context["request"].user, case)
    return {"survey": survey, "expired": survey is not None and survey.is_expired(timezone.now())}


@register.inclusion_tag("service/survey_pending.html", takes_context=True)
def pending_surveys(context: template.Context, case: Case | None = None) -> dict[str, Any]:
    user = context["request"].user
    if not roles.is_portal(user):
        return {"pending": []}
    return {"pending": survey_stats.pending_for_portal(user, case=case)}
