"""New parties written as plain rows: built in Python with ids reserved up front, then written
through ``core.db``'s batches (COPY on PostgreSQL) with their history records; no model instance
is built."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import DatabaseError, connection

from catena.core.db import Batch, batches_with_history, bulk_insert, reserve_ids
from catena.parties.bulk.rows import PartyRow
from catena.parties.choices import role_mask
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole
from catena.parties.search import search_document

Row = dict[str, Any]


class NewParties:
    """The rows of a chunk's new parties, built (:meth:`build`, Python only, ids reserved) and then
    written (:meth:`insert`): the importer may build them on one thread and write on another."""

    def __init__(
        self,
        batches: list[Batch],
        roles: Batch,
        tag_names: list[tuple[int, str]],
        *,
        party_ids: list[int],
        contact_ids: list[int],
    ) -> None:
        self.batches, self.roles, self.tag_names = batches, roles, tag_names
        self.party_ids, self.contact_ids = party_ids, contact_ids  # for the chunk's event

    @classmethod
    def build(cls, rows: Sequence[PartyRow], *, actor: Any, now: datetime) -> NewParties:
        """One party per cleaned row with its children, all with their history records."""
        user_id = actor.pk if actor is not None else None
        party_ids = reserve_ids(Party, len(rows))
        parties: list[Row] = []
        contacts: list[Row] = []
        points: list[Row] = []
        addresses: list[Row] = []
        roles: list[Row] = []
        tag_names: list[tuple[int, str]] = []
        for row, party_id in zip(rows, party_ids, strict=True):
            party: Row = {k: v for k, v in row.fields.items() if k != "owner"}
            owner = row.fields.get("owner", actor)
            party.update(
                id=party_id, owner_id=owner.pk if owner is not None else None, created_at=now, updated_at=now
            )
            contact: Row | None = None
            if row.contact is not None:
                contact = {"party_id": party_id, "is_primary": True, "created_at": now, "updated_at": now}
                contact.update(name=row.contact["name"], title=row.contact["title"])
                contacts.append(contact)
            party_points = _points(row.points, party_id, contact)
            points += party_points
            province = city = ""
            if row.address is not None:
                addresses.append({"party_id": party_id, "is_primary": True, **row.address})
                province, city = row.address["province"], row.address["city"]
            party.update(
                search_text=_search_text(party, contact, party_points),
                province=province,
                city=city,
                # Set here, the roles' insert trigger has nothing left to update (docs/adr/0006).
                role_mask=role_mask(row.roles),
            )
            parties.append(party)
            roles += [{"party_id": party_id, "role": role} for role in row.roles]
            tag_names += [(party_id, name) for name in row.tags]
        _give_ids(Contact, contacts)
        for point in points:
            contact = point.pop("contact")
            point["contact_id"] = contact["id"] if contact is not None else None
        _give_ids(ContactPoint, points)
        _give_ids(Address, addresses)
        batches = batches_with_history(Party, parties, user_id=user_id, now=now)
        for model, children in ((Contact, contacts), (ContactPoint, points), (Address, addresses)):
            batches += batches_with_history(model, children, user_id=user_id, now=now)
        return cls(
            batches,
            Batch.of(PartyRole, roles),
            tag_names,
            party_ids=list(party_ids),
            contact_ids=[c["id"] for c in contacts],
        )

    def insert(self, tag_ids: dict[str, int]) -> None:
        """Write the rows; ``tag_ids`` maps every tag name of the rows to its id."""
        for batch in self.batches[:1]:  # the parties, then everything that refers to them
            batch.insert()
        with role_masks_already_set():
            self.roles.insert()
        links = [{"party_id": party_id, "tag_id": tag_ids[name]} for party_id, name in self.tag_names]
        bulk_insert(Party.tags.through, links)
        for batch in self.batches[1:]:
            batch.insert()


def _points(cleaned: Sequence[dict[str, Any]], party_id: int, contact: Row | None) -> list[Row]:
    """The row's contact points, each value once, the first of each kind primary."""
    seen: set[tuple[str, str]] = set()
    kinds: set[str] = set()
    result = []
    for data in cleaned:
        key = (data["kind"], data["value"])
        if key in seen:
            continue
        seen.add(key)
        result.append(
            {
                "party_id": party_id,
                "contact": contact if data["on_contact"] else None,
                "kind": data["kind"],
                "value": data["value"],
                "label": data["label"],
                "is_primary": data["kind"] not in kinds,
            }
        )
        kinds.add(data["kind"])
    return result


def _search_text(party: Row, contact: Row | None, points: Sequence[Row]) -> str:
    """``parties.services.derived.build_search_text`` for a new party: points by kind, primary first."""
    parts = [
        party["name"],
        party.get("short_name", ""),
        party.get("uscc") or "",
        party.get("external_id") or "",
    ]
    if contact is not None:
        parts.append(contact["name"])
    parts += [p["value"] for p in sorted(points, key=lambda p: (p["kind"], not p["is_primary"]))]
    return search_document(parts)


def _give_ids(model: type[Any], rows: list[Row]) -> None:
    for row, pk in zip(rows, reserve_ids(model, len(rows)), strict=True):
        row["id"] = pk


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
