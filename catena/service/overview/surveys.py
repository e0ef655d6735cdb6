"""What the service desk tells on a customer's page: how satisfied it was with our handling of
its cases (CSAT average) and how likely it is to recommend us (NPS), over 12 months, with its
latest answers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core import access
from catena.parties import overview
from catena.parties.choices import BUYING_ROLES
from catena.parties.models import Party
from catena.parties.overview import Card, Figure, Line
from catena.service import survey_stats
from catena.service.models import Survey


def survey_card(user: Any, party: Party) -> Card | None:
    """CSAT and NPS of the last 12 months; nothing for a party that buys nothing."""
    if not overview.has_role(party, *BUYING_ROLES) or not access.can(user, access.VIEW, Survey):
        return None
    now = timezone.now()
    figures = survey_stats.party_summary(user, party.pk, now)
    list_url = f"{reverse('service:survey_list')}?party={party.pk}"
    latest = list(
        Survey.objects.for_user(user, access.VIEW)
        .filter(party_id=party.pk)
        .answered()
        .select_related("case")
        .order_by("-answered_at", "-id")[:3]
    )
    lines = [
        Line(
            f"{survey.get_kind_display()}: {survey.score}",
            reverse("service:case_detail", args=[survey.case_id]) if survey.case_id else list_url,
            detail=survey.comment[:80],
            badge=_("Low score") if survey.is_detractor else "",
            tone="late" if survey.is_detractor else "",
            when=timezone.localtime(survey.answered_at) if survey.answered_at else None,
        )
        for survey in latest
    ]
    return Card(
        "surveys",
        _("Satisfaction"),
        [
            Figure(
                _("CSAT (12 months)"),
                f"{figures.csat_average:.1f}" if figures.csat_average is not None else None,
                "text",
                list_url,
                hint=_("average of 1–5, %(count)d answers") % {"count": figures.csat_answers},
            ),
            Figure(
                _("NPS (12 months)"),
                str(figures.nps) if figures.nps is not None else None,
                "text",
                list_url,
                hint=_("promoters minus detractors, %(count)d answers") % {"count": figures.nps_answers},
                tone="late" if figures.nps is not None and figures.nps < 0 else "",
            ),
        ],
        lines,
        more_url=list_url,
        more_label=_("All surveys"),
        empty=_("No survey answered yet."),
    )
