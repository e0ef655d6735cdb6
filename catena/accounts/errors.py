"""Error codes of users and owners (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

OWNER_NOT_ELIGIBLE = declare(
    "owner.not_eligible",
    422,
    _("Choose an active member of staff who may own this kind of record."),
    "The owner named is not an active member of staff who may change records of this kind.",
)
