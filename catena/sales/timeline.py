"""System entries the pipeline puts on a party's timeline, so the people who look after a party
see where its deals stand without opening the board. They are not contact with the party."""

from __future__ import annotations

from django.db import models

from catena.accounts.models import User
from catena.comms.choices import Channel, Direction
from catena.comms.models import Interaction
from catena.comms.services import log_interaction
from catena.core import access
from catena.parties.models import Party


def note(party: Party, *, actor: User | None, subject: str, body: str = "", related: models.Model) -> None:
    """A system entry on ``party``'s timeline, signed by ``actor`` when they may write notes."""
    author = actor if actor is not None and access.can(actor, access.ADD, Interaction) else None
    if author is not None and not access.can(author, access.VIEW, party):
        author = None
    log_interaction(
        party,
        actor=author,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=subject[:200],
        body=body,
        related=related,
        system=True,
    )
