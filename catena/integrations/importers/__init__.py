"""One importer per kind of record. Each validates a chunk of rows with the same rules as the
services of its app and writes the valid ones in bulk, with field history."""

from __future__ import annotations

from typing import Any

from django.db import models

from catena.integrations.choices import ImportKind
from catena.integrations.importers.base import Importer


def importer_for(kind: str, actor: Any, *, job: models.Model) -> Importer:
    if kind == ImportKind.PARTIES:
        from catena.integrations.importers.parties import PartyImporter

        return PartyImporter(actor, job=job)
    if kind == ImportKind.PRODUCTS:
        from catena.integrations.importers.products import ProductImporter

        return ProductImporter(actor, job=job)
    if kind == ImportKind.INTERACTIONS:
        from catena.integrations.importers.interactions import InteractionImporter

        return InteractionImporter(actor, job=job)
    raise ValueError(kind)
