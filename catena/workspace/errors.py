"""Error codes of the workspace (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

SEARCH_BLANK = declare(
    "search.blank_query",
    422,
    _("Type something to search for."),
    "The search query is empty or only spaces.",
)
SEARCH_UNKNOWN_KIND = declare(
    "search.unknown_kind",
    422,
    _("Unknown kind of record."),
    "`kinds` names a kind the search does not know (see the `kind` values of the answer).",
)
