"""The home dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from catena.accounts.views import internal_page
from catena.insights import selectors


@internal_page
def home(request: HttpRequest) -> HttpResponse:
    """Counts, the party mix, the interaction trend, recent activity and who to call next."""
    user = request.user
    return render(
        request,
        "insights/home.html",
        {
            "counts": selectors.dashboard_counts(user),
            "chart_data": {
                "roles": selectors.parties_by_role(user),
                "weeks": selectors.interactions_per_week(user),
                "labels": {"parties": _("Parties"), "interactions": _("Interactions")},
            },
            "recent": selectors.recent_interactions(user),
            "follow_up": selectors.parties_to_follow_up(user),
            "follow_up_days": selectors.FOLLOW_UP_AFTER_DAYS,
        },
    )
