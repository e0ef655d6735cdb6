"""Use cases on parties themselves: create, update, delete, tag and assign."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties.choices import role_mask
from catena.parties.events import PartyCreated, PartyDeleted, PartyUpdated
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole, Tag
from catena.parties.services.cleaning import (
    CONTACT_FIELDS,
    check_contact,
    check_counts,
    clean_address,
    clean_party_fields,
    clean_point,
    clean_roles,
    clean_tag_names,
)
from catena.parties.services.derived import refresh_primary_location, refresh_search_text


def _tags(names: Sequence[str]) -> list[Tag]:
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    return [existing.get(n) or Tag.objects.get_or_create(name=n)[0] for n in names]


@transaction.atomic
def create_party(
    *,
    actor: User | None,
    roles: Iterable[str] = (),
    tags: Iterable[str] = (),
    contacts: Iterable[Mapping[str, Any]] = (),
    addresses: Iterable[Mapping[str, Any]] = (),
    contact_points: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Party:
    """Create a party with its roles, tags, contacts, addresses and contact points in one go."""
    if actor is not None:
        access.ensure(actor, access.ADD, Party)
    errors = Errors()
    cleaned = clean_party_fields(fields, errors, instance=None)
    addresses, contact_points, contacts = list(addresses), list(contact_points), list(contacts)
    if not check_counts(errors, addresses=addresses, contact_points=contact_points, contacts=contacts):
        errors.raise_if_any()  # too many rows to check one by one
    role_values = clean_roles(roles, errors)
    tag_names = clean_tag_names(tags, errors)
    address_rows = [clean_address(a, errors, f"addresses.{i}.") for i, a in enumerate(addresses)]
    point_rows = [clean_point(p, errors, f"contact_points.{i}.") for i, p in enumerate(contact_points)]
    contact_rows = []
    for i, given in enumerate(contacts):
        prefix = f"contacts.{i}."
        row = {k: given[k] for k in CONTACT_FIELDS if k in given}
        if not str(row.get("name", "")).strip():
            errors.add(f"{prefix}name", _("This field is required."), code="required")
        check_contact(row, errors, prefix)
        points = [
            clean_point(p, errors, f"{prefix}contact_points.{j}.")
            for j, p in enumerate(given.get("contact_points", ()))
        ]
        contact_rows.append((row, points))
    errors.raise_if_any()

    # The mask the roles' insert trigger would set, so that the "created" history record has it.
    party = Party(**cleaned, role_mask=role_mask(role_values))
    if cleaned.get("owner") is None and actor is not None and "owner" not in fields:
        party.owner = actor
    save_with_history(party, actor=actor, clean=True)
    PartyRole.objects.bulk_create([PartyRole(party=party, role=r) for r in role_values])
    if tag_names:
        party.tags.set(_tags(tag_names))
    for row in address_rows:
        save_with_history(Address(party=party, **row), actor=actor, clean=True)
    for row in point_rows:
        save_with_history(ContactPoint(party=party, **row), actor=actor, clean=True)
    for row, points in contact_rows:
        contact = Contact(party=party, **row)
        save_with_history(contact, actor=actor, clean=True)
        for point in points:
            save_with_history(ContactPoint(party=party, contact=contact, **point), actor=actor, clean=True)
    refresh_search_text(party)
    refresh_primary_location(party)
    events.emit(PartyCreated(name=party.name, roles=role_values), party, actor=actor)
    return party


@transaction.atomic
def update_party(
    party: Party,
    *,
    actor: User | None,
    roles: Iterable[str] | None = None,
    tags: Iterable[str] | None = None,
    **changes: Any,
) -> Party:
    """Change some fields of a party; fields not given stay as they are."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    errors = Errors()
    cleaned = clean_party_fields(changes, errors, instance=party)
    role_values = clean_roles(roles, errors) if roles is not None else None
    tag_names = clean_tag_names(tags, errors) if tags is not None else None
    if actor is not None and "owner" in cleaned and cleaned["owner"] != party.owner:
        # Handing a party to somebody else is itself a change the actor must be allowed.
        probe = Party(pk=party.pk, owner=cleaned["owner"])
        if not access.can(actor, access.CHANGE, probe) and not access.can(actor, access.DELETE, party):
            errors.add(
                "owner",
                _("You may not give this party to another account manager."),
                code="party.owner_not_allowed",
            )
    errors.raise_if_any()

    changed = [k for k, v in cleaned.items() if getattr(party, k) != v]
    for key, value in cleaned.items():
        setattr(party, key, value)
    if changed:
        save_with_history(party, actor=actor, clean=True)
    if role_values is not None:
        current = set(party.roles.values_list("role", flat=True))
        party.roles.exclude(role__in=role_values).delete()
        PartyRole.objects.bulk_create(
            [PartyRole(party=party, role=r) for r in role_values if r not in current]
        )
        party.role_mask = role_mask(role_values)  # the database's triggers set the stored one
        if current != set(role_values):
            changed.append("roles")
    if tag_names is not None:
        before = set(party.tags.values_list("name", flat=True))
        party.tags.set(_tags(tag_names))
        if before != set(tag_names):
            changed.append("tags")
    refresh_search_text(party)
    if changed:
        events.emit(PartyUpdated(fields=changed), party, actor=actor)
    return party


@transaction.atomic
def delete_party(party: Party, *, actor: User | None) -> None:
    if actor is not None:
        access.ensure(actor, access.DELETE, party)
    events.emit(PartyDeleted(name=party.name), party, actor=actor)
    party._history_user = actor  # type: ignore[attr-defined]
    party.delete()


@transaction.atomic
def tag_parties(
    parties: Iterable[Party], *, actor: User, tag_names: Sequence[str], remove: bool = False
) -> int:
    """Add (or remove) tags on many parties; each party is checked and recorded on its own."""
    errors = Errors()
    names = clean_tag_names(tag_names, errors)
    errors.raise_if_any()
    tags = _tags(names)
    count = 0
    for party in parties:
        access.ensure(actor, access.CHANGE, party)
        if remove:
            party.tags.remove(*tags)
        else:
            party.tags.add(*tags)
        events.emit(PartyUpdated(fields=["tags"]), party, actor=actor)
        count += 1
    return count


@transaction.atomic
def assign_parties(parties: Iterable[Party], *, actor: User, owner: User | None) -> int:
    """Give many parties to one account manager, with history and an event for each."""
    count = 0
    for party in parties:
        update_party(party, actor=actor, owner=owner)
        count += 1
    return count
