"""The party page's tabs about the workspace's records on the party: every activity (done,
cancelled and open, with their outcomes) and the files attached to it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from catena.parties import overview
from catena.parties.models import Party
from catena.parties.overview import Tab
from catena.workspace.selectors import activity_list

ACTIVITY_ROWS = 50


def activities_tab(request: Any, party: Party) -> dict[str, Any]:
    found = activity_list(request.user, target=party).order_by("-due_at", "-id")[:ACTIVITY_ROWS]
    return {"party_activities": list(found), "activity_rows": ACTIVITY_ROWS}


def files_tab(request: Any, party: Party) -> dict[str, Any]:
    return {}


def register_overview() -> None:
    overview.register_tab(
        Tab("activities", _("Activities"), "parties/tabs/activities.html", activities_tab, order=40)
    )
    overview.register_tab(Tab("files", _("Files"), "parties/tabs/files.html", files_tab, order=41))
