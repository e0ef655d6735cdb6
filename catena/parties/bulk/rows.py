"""What the importer hands over: one checked row per party (:class:`PartyRow`), what an updated
party already has (:class:`Existing`), and the values the services would derive from them
(search text, primary address), computed without queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from catena.parties.models import Address, Contact, ContactPoint, Party
from catena.parties.search import search_document

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
