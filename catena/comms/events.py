"""The domain events of interactions (declared here, emitted by ``comms.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, FieldsChanged, Imported, declare


@declare(
    "interaction.created",
    subject="comms.interaction",
    example={"party": 7, "kind": "exchange", "channel": "phone", "direction": "outbound"},
)
class InteractionCreated(EventPayload):
    """A call, visit, e-mail, message or note was logged against a party."""

    party: int
    """The party it was with."""
    kind: str
    """``exchange`` (people exchanged it: counts as contact) or ``system`` (a record change a
    service wrote on the timeline)."""
    channel: str
    """``email``, ``phone``, ``sms``, ``fax``, ``visit``, …"""
    direction: str
    """``inbound`` (the party reached us), ``outbound`` or ``internal``."""


@declare("interaction.updated", subject="comms.interaction", example={"fields": ["subject"]})
class InteractionUpdated(FieldsChanged):
    """A logged interaction was edited."""


@declare("interaction.deleted", subject="comms.interaction", example={"party": 7})
class InteractionDeleted(EventPayload):
    """A logged interaction was deleted (the subject id no longer exists)."""

    party: int
    """The party it was with."""


@declare(
    "interaction.imported",
    subject="integrations.importjob",
    example={"job": 15, "created": [90210, 90211], "updated": []},
)
class InteractionsImported(Imported):
    """A chunk of an interactions import committed (one event per chunk of up to 2,000 rows):
    these interactions were logged. The subject is the import job."""
