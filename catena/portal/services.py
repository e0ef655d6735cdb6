"""Use cases of the portal: administrators invite portal users for a party and revoke them.

A portal user is an ordinary ``User`` with a portal role and one ``PortalAccess`` row naming its
party. Invited users have no usable password until they follow their one-time link. The accounts
app creates and closes the user, the parties app grants its access.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.accounts.services import create_portal_user, deactivate_user
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.validation import Errors
from catena.parties.choices import PartyStatus
from catena.parties.models import Party, PortalAccess
from catena.parties.services import grant_portal_access
from catena.portal.policies import SECTION_RULES


def _fits_party(role: str, party: Party) -> bool:
    """Does ``party`` play a part that gives a ``role`` user anything to see?"""
    party_roles = set(party.roles.values_list("role", flat=True))
    return any(rule_role == role and opens & party_roles for rule_role, opens in SECTION_RULES.values())


@transaction.atomic
def invite_portal_user(party: Party, *, actor: User, name: str, email: str, username: str, role: str) -> User:
    """Create a portal user for ``party`` without a password (the invitation link sets it)."""
    access.ensure(actor, access.ADD, User)
    access.ensure(actor, access.VIEW, party)
    errors = Errors()
    name, email, username = name.strip(), email.strip(), username.strip()
    if not name:
        errors.add("name", _("This field is required."), code="required")
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", _("Enter a valid e-mail address."), code="contact_point.invalid_email")
    if not username:
        errors.add("username", _("This field is required."), code="required")
    elif User.objects.filter(username__iexact=username).exists():
        errors.add("username", _("This username is taken."), code="user.username_taken")
    if role not in roles.PORTAL_ROLES:
        errors.add("role", _("Choose a portal role."), code="invalid_choice")
    elif not _fits_party(role, party):
        errors.add(
            "role",
            _("%(party)s plays no part that this portal role can see (customer, supplier or carrier).")
            % {"party": party.name},
            code="portal.role_not_fitting",
        )
    if party.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
        errors.add(
            "__all__",
            _("This party is blocked or archived: nobody can be invited for it."),
            code="party.blocked",
        )
    errors.raise_if_any()
    user = create_portal_user(actor=actor, username=username, email=email, name=name, role=role)
    grant_portal_access(user, party, actor=actor)
    events.emit(
        "portal.user_invited",
        party,
        actor=actor,
        payload={"user": user.pk, "username": user.username, "role": role},
    )
    log_interaction(
        party,
        actor=actor,
        channel=Channel.PORTAL,
        direction=Direction.OUTBOUND,
        subject=(
            _("Portal access: %(name)s (%(username)s) invited as %(role)s")
            % {"name": name, "username": user.username, "role": Role(role).label}
        )[:200],
        body=email,
        system=True,
    )
    return user


@transaction.atomic
def revoke_portal_user(user: User, *, actor: User) -> User:
    """Close a portal user's access: deactivate the account and revoke its API tokens."""
    access.ensure(actor, access.CHANGE, user)
    portal_access = PortalAccess.objects.select_related("party").filter(user=user).first()
    if portal_access is None or not roles.is_portal(user):
        raise ValidationError(
            {"user": ValidationError(_("This user has no portal access."), code="portal.no_access")}
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user = deactivate_user(user, actor=actor)
    party = portal_access.party
    events.emit(
        "portal.user_revoked", party, actor=actor, payload={"user": user.pk, "username": user.username}
    )
    log_interaction(
        party,
        actor=actor,
        channel=Channel.PORTAL,
        direction=Direction.INTERNAL,
        subject=(
            _("Portal access of %(name)s (%(username)s) revoked")
            % {"name": user.get_full_name() or user.username, "username": user.username}
        )[:200],
        system=True,
    )
    return user
