"""The domain events of the customer and partner portal (declared here, emitted by
``portal.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, declare


@declare(
    "portal.user_invited",
    subject="parties.party",
    example={"user": 57, "username": "hengrui-buyer", "role": "portal_customer"},
)
class PortalUserInvited(EventPayload):
    """A portal account was made for a person of a party (the subject)."""

    user: int
    """The portal user."""
    username: str
    """Their user name."""
    role: str
    """``portal_customer`` or ``portal_partner``."""


@declare("portal.user_revoked", subject="parties.party", example={"user": 57, "username": "hengrui-buyer"})
class PortalUserRevoked(EventPayload):
    """A portal account of a party (the subject) was closed."""

    user: int
    """The portal user."""
    username: str
    """Their user name."""
