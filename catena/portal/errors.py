"""Error codes of portal invitations (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

USERNAME_TAKEN = declare(
    "user.username_taken", 422, _("This username is taken."), "Another account has this username."
)
ROLE_NOT_FITTING = declare(
    "portal.role_not_fitting",
    422,
    _("The party plays no part that this portal role can see."),
    "A customer role needs a buying party, a supplier role a supplier, a carrier role a carrier.",
)
NO_PORTAL_ACCESS = declare(
    "portal.no_access", 422, _("This user has no portal access."), "The user is not a portal user."
)
