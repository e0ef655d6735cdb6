"""Use cases on a party's contacts and contact points."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties.events import PartyUpdated
from catena.parties.models import Contact, ContactPoint, Party
from catena.parties.services.cleaning import CONTACT_FIELDS, check_contact, check_counts, clean_point
from catena.parties.services.derived import refresh_search_text


@transaction.atomic
def add_contact(
    party: Party, *, actor: User | None, contact_points: Iterable[Mapping[str, Any]] = (), **fields: Any
) -> Contact:
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    errors = Errors()
    row = {k: v for k, v in fields.items() if k in CONTACT_FIELDS}
    for key in fields:
        if key not in CONTACT_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
    if not str(row.get("name", "")).strip():
        errors.add("name", _("This field is required."), code="required")
    check_contact(row, errors)
    contact_points = list(contact_points)
    check_counts(errors, contact_points=contact_points)
    points = [clean_point(p, errors, f"contact_points.{i}.") for i, p in enumerate(contact_points)]
    errors.raise_if_any()
    contact = Contact(party=party, **row)
    save_with_history(contact, actor=actor, clean=True)
    for point in points:
        save_with_history(ContactPoint(party=party, contact=contact, **point), actor=actor, clean=True)
    refresh_search_text(party)
    events.emit(PartyUpdated(fields=["contacts"]), party, actor=actor)
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, actor: User | None, **changes: Any) -> Contact:
    if actor is not None:
        access.ensure(actor, access.CHANGE, contact.party)
    errors = Errors()
    for key, value in changes.items():
        if key not in CONTACT_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key == "name" and not str(value).strip():
            errors.add("name", _("This field is required."), code="required")
        else:
            setattr(contact, key, value)
    check_contact({k: v for k, v in changes.items() if k in CONTACT_FIELDS}, errors)
    errors.raise_if_any()
    save_with_history(contact, actor=actor, clean=True)
    refresh_search_text(contact.party)
    events.emit(PartyUpdated(fields=["contacts"]), contact.party, actor=actor)
    return contact


@transaction.atomic
def delete_contact(contact: Contact, *, actor: User | None) -> None:
    party = contact.party
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    contact._history_user = actor  # type: ignore[attr-defined]
    contact.delete()
    refresh_search_text(party)
    events.emit(PartyUpdated(fields=["contacts"]), party, actor=actor)


@transaction.atomic
def add_contact_point(
    party: Party, *, actor: User | None, contact: Contact | None = None, **fields: Any
) -> ContactPoint:
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    errors = Errors()
    if contact is not None and contact.party_id != party.pk:
        errors.add("contact", _("This contact belongs to another party."), code="contact.other_party")
    row = clean_point(fields, errors)
    errors.raise_if_any()
    point = ContactPoint(party=party, contact=contact, **row)
    save_with_history(point, actor=actor, clean=True)
    refresh_search_text(party)
    events.emit(PartyUpdated(fields=["contact_points"]), party, actor=actor)
    return point


CONTACT_POINT_FIELDS = ("kind", "value", "label", "is_primary")


@transaction.atomic
def update_contact_point(point: ContactPoint, *, actor: User | None, **changes: Any) -> ContactPoint:
    """Change a contact point; fields not given stay. ``contact`` moves it to one of the same
    party's contacts (``None``: to the party itself)."""
    party = point.party
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    errors = Errors()
    contact = changes.pop("contact", point.contact)
    if contact is not None and contact.party_id != party.pk:
        errors.add("contact", _("This contact belongs to another party."), code="contact.other_party")
    for key in changes:
        if key not in CONTACT_POINT_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
    merged = {k: getattr(point, k) for k in CONTACT_POINT_FIELDS} | {
        k: v for k, v in changes.items() if k in CONTACT_POINT_FIELDS
    }
    row = clean_point(merged, errors)
    errors.raise_if_any()
    for key, value in row.items():
        setattr(point, key, value)
    point.contact = contact
    save_with_history(point, actor=actor, clean=True)
    refresh_search_text(party)
    events.emit(PartyUpdated(fields=["contact_points"]), party, actor=actor)
    return point


@transaction.atomic
def delete_contact_point(point: ContactPoint, *, actor: User | None) -> None:
    party = point.party
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    point._history_user = actor  # type: ignore[attr-defined]
    point.delete()
    refresh_search_text(party)
    events.emit(PartyUpdated(fields=["contact_points"]), party, actor=actor)
