"""Tying a portal user to the party whose records it may see."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access
from catena.parties.models import Party, PortalAccess


@transaction.atomic
def grant_portal_access(user: User, party: Party, *, actor: User) -> PortalAccess:
    """Let the portal user ``user`` see ``party``'s records (a portal user sees one party)."""
    access.ensure(actor, access.ADD, PortalAccess)
    access.ensure(actor, access.VIEW, party)
    if not roles.is_portal(user):
        raise ValidationError({"role": [_("Choose a portal role.")]})
    return PortalAccess.objects.create(user=user, party=party)
