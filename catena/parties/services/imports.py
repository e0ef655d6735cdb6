"""The event of a parties import; the rows themselves are written by ``parties.bulk``."""

from __future__ import annotations

from django.db import models

from catena.accounts.models import User
from catena.core import events
from catena.parties.events import PartiesImported


def announce_imported(
    job: models.Model, *, actor: User | None, created: list[int], updated: list[int], contacts: list[int]
) -> None:
    """Announce a written chunk of a parties import (its rows are written in bulk by the importer,
    in the same transaction): one ``party.imported`` event whose subject is the import job."""
    if created or updated:
        events.emit(
            PartiesImported(job=job.pk, created=created, updated=updated, contacts=contacts), job, actor=actor
        )
