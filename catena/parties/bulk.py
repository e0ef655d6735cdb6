"""For bulk writers of parties (the importer): what they may tell the database they did."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection


@contextmanager
def role_masks_already_set() -> Iterator[None]:
    """PartyRole rows written inside belong to parties whose ``role_mask`` the caller has set
    with them, so PostgreSQL's insert trigger skips its update (docs/adr/0006-party-list-speed.md).
    Only for brand-new parties: roles added to stored parties must go through the trigger. Lasts
    to the end of the block or of the transaction, whichever comes first; nothing on SQLite."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('catena.role_masks_set', 'on', true)")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('catena.role_masks_set', 'off', true)")
        except DatabaseError:  # the transaction failed: the setting ends with it
            pass
