"""One chunk of an import: :func:`prepare_import` readies it (its tags, its new parties' rows),
:func:`write_import` writes it and announces it (``party.imported``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from catena.accounts.models import User
from catena.core import access
from catena.parties.bulk.new_parties import NewParties
from catena.parties.bulk.rows import PartyRow
from catena.parties.bulk.updates import Changes, write_children, write_updates
from catena.parties.models import Party, Tag
from catena.parties.services.imports import announce_imported


@dataclass
class Prepared:
    """A chunk readied by :func:`prepare_import` for :func:`write_import`."""

    tag_ids: dict[str, int]
    new_parties: NewParties | None


def prepare_import(creates: Sequence[PartyRow], tag_names: set[str], *, actor: User | None) -> Prepared:
    """Before a chunk is written: the tags it needs exist (created on this connection, so that
    chunks written at the same time never race to create the same tag), and the rows of its new
    parties (``creates``) are built with their ids."""
    if actor is not None:
        access.ensure(actor, access.IMPORT, Party)
    new_parties = NewParties.build(creates, actor=actor, now=timezone.now()) if creates else None
    return Prepared(_ensure_tags(tag_names), new_parties)


def write_import(
    job: models.Model,
    prepared: Prepared,
    updates: Sequence[tuple[Party, PartyRow]],
    *,
    actor: User | None,
) -> None:
    """Write a prepared chunk of an import: its new parties, then the ``updates`` of stored
    parties (each with the cleaned row that changes it); announce the chunk with ``job`` as the
    event's subject. Runs in the caller's transaction (one per chunk)."""
    if actor is not None:
        access.ensure(actor, access.IMPORT, Party)
    # Everything this write changes lives in `changes`: two chunks may be written at once.
    changes = Changes(now=timezone.now(), tag_ids=prepared.tag_ids)
    new = prepared.new_parties
    if new is not None:
        new.insert(prepared.tag_ids)
    if updates:
        write_updates(changes, updates, actor=actor)
    write_children(changes, actor=actor)
    announce_imported(
        job,
        actor=actor,
        created=new.party_ids if new is not None else [],
        updated=[party.pk for party, _row in updates],
        contacts=[*(new.contact_ids if new is not None else []), *(c.pk for c in changes.new_contacts)],
    )


def _ensure_tags(names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    missing = names - set(ids)
    if missing:
        Tag.objects.bulk_create([Tag(name=n) for n in sorted(missing)], ignore_conflicts=True)
        ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    return ids
