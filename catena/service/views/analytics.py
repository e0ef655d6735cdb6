"""The service desk's dashboard: response and resolution times, the SLA, the backlog, reopened
cases, complaints per 1,000 orders by cause, carrier, supplier and product, partners' answers
and promises kept; each figure leads to the cases behind it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET

from catena.accounts.views import internal_page
from catena.core import access
from catena.core.gate import require
from catena.service import analytics
from catena.service.models import Case

PERIODS = (7, 30, 90, 365)


class PeriodForm(forms.Form):
    days = forms.ChoiceField(
        label=pgettext_lazy("time span", "Period"),
        choices=[(str(days), str(days)) for days in PERIODS],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {7: _("Last 7 days"), 30: _("Last 30 days"), 90: _("Last 90 days"), 365: _("Last 12 months")}
        self.fields["days"].choices = [(str(days), labels[days]) for days in PERIODS]  # type: ignore[attr-defined]


def _chart_data(figures: analytics.ServiceFigures) -> dict[str, Any]:
    buckets = {
        "0-1": _("under a day"),
        "1-3": _("1–3 days"),
        "3-7": _("3–7 days"),
        "7-30": _("7–30 days"),
        "30+": _("over 30 days"),
    }
    return {
        "backlog": [{"label": buckets[key], "value": count} for key, count in figures.backlog],
        "months": figures.months,
        "causes": [
            {
                "label": rate.label or _("Not resolved yet"),
                "value": rate.per_thousand or 0,
                "count": rate.count,
            }
            for rate in figures.by_root_cause
        ],
        "labels": {
            "opened": _("Opened"),
            "resolved": pgettext("cases", "Resolved"),
            "cases": _("Cases"),
            "per_thousand": _("per 1,000 orders"),
        },
    }


@internal_page
@require_GET
def service_analytics(request: HttpRequest) -> HttpResponse:
    require(request, access.VIEW, Case)
    form = PeriodForm(request.GET or None)
    days = int(form.cleaned_data["days"] or 30) if form.is_valid() else 30
    end = timezone.localdate()
    start = end - timedelta(days=days - 1)
    figures = analytics.figures(request.user, start, end)
    figures.days_selected = days
    context = {
        "form": form,
        "figures": figures,
        "chart_data": _chart_data(figures),
        "since": start.isoformat(),
        "until": end.isoformat(),
        "days": str(days),
    }
    return render(request, "service/analytics.html", context)
