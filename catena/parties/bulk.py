"""The bulk write path of parties: imports write thousands of parties a chunk, with their
roles, tags, contacts, contact points and addresses, their field history and search text, under
the same rules as the one-at-a-time services (docs/adr/0004-bulk-import-path.md,
docs/adr/0006-party-list-speed.md).

The importer (``integrations``) reads files, maps columns and checks each row with this app's
cleaners into a :class:`PartyRow`; only this module writes them:

- :func:`prepare_import` (nothing written but the chunk's tags): a new party has nothing stored
  yet, so each of its rows is known from the file alone. They are built as ``{column: value}``
  rows with ids reserved up front and written through ``core.db``'s batches (COPY on PostgreSQL)
  together with their simple-history "created" records; no model instance is built. The values
  are those ``bulk_create_with_history`` of the same objects would write: search text and
  province/city are computed as ``parties.services.derived`` computes them, the role mask as the
  database's triggers would set it.
- :func:`write_import` writes a prepared chunk and the updates of stored parties, and announces
  the chunk (``party.imported``). Building and writing are two steps, so that a chunk can be
  built while the one before is written (on another connection).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import DatabaseError, connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catena.accounts.models import User
from catena.core import access
from catena.core.db import Batch, batches_with_history, bulk_insert, reserve_ids
from catena.parties.choices import role_mask
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole, Tag
from catena.parties.search import search_document
from catena.parties.services.imports import announce_imported

ADDRESS_KEYS = ("province", "city", "district", "street", "postcode")
BATCH = 1000


@dataclass
class PartyRow:
    """One row of an import, checked by the importer with this app's cleaners."""

    fields: dict[str, Any] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contact: dict[str, str] | None = None
    points: list[dict[str, Any]] = field(default_factory=list)
    address_input: dict[str, str] = field(default_factory=dict)
    address: dict[str, Any] | None = None
    owner_name: str = ""
    # What the party it updates already has (None for a new party): kept with the row, because
    # the importer may check the next chunk while this one is written.
    existing: Existing | None = None


@dataclass
class Existing:
    """What an updated party already has, loaded once per chunk."""

    contacts: list[Contact] = field(default_factory=list)
    points: list[ContactPoint] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


@dataclass
class Changes:
    """What one write of updated parties queues, kept apart from other writes."""

    now: datetime
    tag_ids: dict[str, int]
    new_contacts: list[Contact] = field(default_factory=list)
    changed_contacts: list[Contact] = field(default_factory=list)
    new_points: list[ContactPoint] = field(default_factory=list)
    new_addresses: list[Address] = field(default_factory=list)
    changed_addresses: list[Address] = field(default_factory=list)
    roles: list[PartyRole] = field(default_factory=list)
    tag_links: list[tuple[Party, int]] = field(default_factory=list)


def search_text(party: Party, contacts: Sequence[Contact], points: Sequence[ContactPoint]) -> str:
    """The same text as ``parties.services.derived.build_search_text``, built without queries."""
    ordered_contacts = sorted(contacts, key=lambda c: (not c.is_primary, c.name, c.pk or 1 << 62))
    ordered_points = sorted(points, key=lambda p: (p.kind, not p.is_primary, p.pk or 1 << 62))
    parts = [party.name, party.short_name, party.uscc or "", party.external_id or ""]
    parts += [c.name for c in ordered_contacts]
    parts += [p.value for p in ordered_points]
    return search_document(parts)


def primary_address(addresses: Sequence[Address]) -> Address | None:
    """The address ``refresh_primary_location`` would pick: primary first, then the oldest."""
    if not addresses:
        return None
    return sorted(addresses, key=lambda a: (not a.is_primary, a.pk or 1 << 62))[0]


def primary_location(addresses: Sequence[Address]) -> tuple[str, str]:
    first = primary_address(addresses)
    return (first.province, first.city) if first else ("", "")


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
        _write_updates(changes, updates, actor=actor)
    _write_children(changes, actor=actor)
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


def _add_children(
    changes: Changes, party: Party, row: PartyRow, existing: Existing
) -> tuple[list[Contact], list[ContactPoint]]:
    """Queue the roles, tags, contact, points and address ``row`` gives ``party``; return all
    contacts and points the party will have (for its search text)."""
    contacts, points = list(existing.contacts), list(existing.points)
    contact = None
    if row.contact is not None:
        contact = next((c for c in contacts if c.name == row.contact["name"]), None)
        if contact is None:
            contact = Contact(
                party=party,
                name=row.contact["name"],
                title=row.contact["title"],
                is_primary=not any(c.is_primary for c in contacts),
            )
            changes.new_contacts.append(contact)
            contacts.append(contact)
        elif row.contact["title"] and row.contact["title"] != contact.title:
            contact.title = row.contact["title"]
            contact.updated_at = changes.now
            changes.changed_contacts.append(contact)
    have = {(p.kind, p.value) for p in points}
    kinds = {p.kind for p in points}
    for data in row.points:
        if (data["kind"], data["value"]) in have:
            continue
        point = ContactPoint(
            party=party,
            contact=contact if data["on_contact"] else None,
            kind=data["kind"],
            value=data["value"],
            label=data["label"],
            is_primary=data["kind"] not in kinds,
        )
        have.add((point.kind, point.value))
        kinds.add(point.kind)
        changes.new_points.append(point)
        points.append(point)
    if row.address is not None:
        current = primary_address(existing.addresses)
        if current is None:
            address = Address(party=party, is_primary=True, **row.address)
            changes.new_addresses.append(address)
            existing.addresses.append(address)
        elif any(getattr(current, k) != v for k, v in row.address.items()):
            for key, value in row.address.items():
                setattr(current, key, value)
            changes.changed_addresses.append(current)
    changes.roles += [PartyRole(party=party, role=r) for r in row.roles]
    changes.tag_links += [(party, changes.tag_ids[n]) for n in row.tags]
    return contacts, points


def _write_updates(
    changes: Changes, updates: Sequence[tuple[Party, PartyRow]], *, actor: User | None
) -> None:
    changed: list[Party] = []
    fields: set[str] = set()
    for party, row in updates:
        party_fields = {k: v for k, v in row.fields.items() if getattr(party, k) != v}
        for key, value in party_fields.items():
            setattr(party, key, value)
        existing = row.existing
        assert existing is not None  # set by _resolve for every update
        contacts, points = _add_children(changes, party, row, existing)
        text = search_text(party, contacts, points)
        province, city = primary_location(existing.addresses)
        location_changed = (party.province, party.city) != (province, city)
        if party_fields or text != party.search_text or location_changed:
            party.search_text, party.province, party.city = text, province, city
            party.updated_at = changes.now
            fields.update(party_fields)
            if location_changed:
                fields.update(("province", "city"))
            changed.append(party)
    if changed:
        bulk_update_with_history(
            changed,
            Party,
            sorted(fields | {"search_text", "updated_at"}),
            batch_size=BATCH,
            default_user=actor,
        )


def _write_children(changes: Changes, *, actor: User | None) -> None:
    user = actor
    if changes.roles:
        PartyRole.objects.bulk_create(changes.roles, batch_size=BATCH, ignore_conflicts=True)
    if changes.tag_links:
        through = Party.tags.through
        links = [through(party_id=party.pk, tag_id=tag_id) for party, tag_id in changes.tag_links]
        through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    if changes.new_contacts:
        bulk_create_with_history(changes.new_contacts, Contact, batch_size=BATCH, default_user=user)
    if changes.changed_contacts:
        bulk_update_with_history(
            changes.changed_contacts,
            Contact,
            ["title", "updated_at"],
            batch_size=BATCH,
            default_user=user,
        )
    if changes.new_points:
        bulk_create_with_history(changes.new_points, ContactPoint, batch_size=BATCH, default_user=user)
    if changes.new_addresses:
        bulk_create_with_history(changes.new_addresses, Address, batch_size=BATCH, default_user=user)
    if changes.changed_addresses:
        bulk_update_with_history(
            changes.changed_addresses, Address, list(ADDRESS_KEYS), batch_size=BATCH, default_user=user
        )


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
