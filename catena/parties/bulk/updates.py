"""Stored parties that an import changes: their changed fields, and the roles, tags, contact,
contact points and address the rows add, written with ``bulk_update_with_history`` and
``bulk_create_with_history``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catena.accounts.models import User
from catena.parties.bulk.rows import (
    ADDRESS_KEYS,
    BATCH,
    Existing,
    PartyRow,
    primary_address,
    primary_location,
    search_text,
)
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole


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


def write_updates(changes: Changes, updates: Sequence[tuple[Party, PartyRow]], *, actor: User | None) -> None:
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


def write_children(changes: Changes, *, actor: User | None) -> None:
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
