"""Error codes of the interaction timeline (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

RELATED_INCOMPLETE = declare(
    "interaction.related_incomplete",
    422,
    _("Give both the related record's type and its id."),
    "Only one of `related_type` and `related_id` was given.",
)
