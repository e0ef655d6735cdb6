"""Use cases of the parties app. Each runs in one transaction, checks the actor's rights before
writing, records field history and emits a domain event. ``actor=None`` means a trusted system
caller (seed, command line import) and skips the rights check."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.core import access, events, text
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties.choices import (
    AddressKind,
    ContactPointKind,
    CustomFieldType,
    PartyKind,
    PartyRoleType,
    PartyStatus,
    PartyTier,
    RelationshipKind,
    role_mask,
)
from catena.parties.events import (
    PartiesImported,
    PartyCreated,
    PartyDeleted,
    PartyUpdated,
    RelationshipCreated,
    RelationshipDeleted,
    RelationshipUpdated,
)
from catena.parties.models import (
    Address,
    Contact,
    ContactPoint,
    Contract,
    CustomField,
    Party,
    PartyRole,
    PortalAccess,
    Relationship,
    Tag,
)
from catena.parties.regions import normalise_province
from catena.parties.search import search_document
from catena.parties.validation import clean_contact_point, clean_postcode, clean_uscc

PARTY_FIELDS = (
    "kind",
    "name",
    "short_name",
    "uscc",
    "status",
    "tier",
    "industry",
    "owner",
    "notes",
    "external_id",
)
ADDRESS_FIELDS = ("kind", "province", "city", "district", "street", "postcode", "is_primary")
CONTACT_FIELDS = ("name", "title", "department", "is_primary", "notes")
RELATIONSHIP_FIELDS = ("kind", "since", "until", "notes")
CONTRACT_FIELDS = (
    "number", "terms", "starts_on", "ends_on", "payment_terms_days", "on_time_target_pct", "lead_time_days",
    "response_hours", "pickup_hours", "transit_days", "max_damage_rate_pct", "proof_of_delivery_required",
)  # fmt: skip


# --- validation ------------------------------------------------------------------------------


@functools.cache
def _codes(choices: type[models.Choices]) -> frozenset[str]:
    """The codes of a choices class, built once (``.values`` builds a new list on every call,
    which costs more than the rest of an imported row's checks)."""
    return frozenset(str(v) for v in choices.values)


def _check_choice(errors: Errors, field: str, value: Any, choices: type[models.TextChoices]) -> None:
    if value not in _codes(choices):
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values.") % {"value": value},
            code="invalid_choice",
        )


def _clean_party_fields(data: Mapping[str, Any], errors: Errors, *, instance: Party | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PARTY_FIELDS and key != "custom_fields":
            errors.add(key, _("Unknown field."), code="unknown_field")
            continue
        if isinstance(value, str):
            value = value.strip()
        cleaned[key] = value
    if "name" in cleaned or instance is None:
        if not cleaned.get("name"):
            errors.add("name", _("This field is required."), code="required")
        elif len(cleaned["name"]) > 200:
            errors.add("name", _("At most 200 characters."), code="too_long")
    for field in ("name", "short_name"):
        if isinstance(cleaned.get(field), str):
            _check(errors, field, text.check_name, cleaned[field])
    if isinstance(cleaned.get("notes"), str):
        _check(errors, "notes", text.check_long_text, cleaned["notes"])
    for field, choices in (("kind", PartyKind), ("status", PartyStatus), ("tier", PartyTier)):
        if field in cleaned:
            _check_choice(errors, field, cleaned[field], choices)
    if cleaned.get("uscc"):
        try:
            cleaned["uscc"] = clean_uscc(cleaned["uscc"])
        except ValidationError as exc:
            errors.capture("uscc", exc)
        else:
            clash = Party.objects.filter(uscc=cleaned["uscc"])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors.add("uscc", _("Another party already has this credit code."), code="party.uscc_taken")
    elif "uscc" in cleaned:
        cleaned["uscc"] = None
    if "external_id" in cleaned and not cleaned["external_id"]:
        cleaned["external_id"] = None
    elif cleaned.get("external_id"):
        taken = Party.objects.filter(external_id=cleaned["external_id"])
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors.add(
                "external_id",
                _("Another party already has this external id."),
                code="party.external_id_taken",
            )
    if cleaned.get("owner") is not None:
        try:
            cleaned["owner"] = eligible_owner(cleaned["owner"], kind="party")
        except ValidationError as exc:
            errors.capture("owner", exc)
            cleaned["owner"] = None
    if "custom_fields" in cleaned:
        cleaned["custom_fields"] = clean_custom_fields(cleaned["custom_fields"] or {}, errors)
    return cleaned


def clean_custom_fields(values: Mapping[str, Any], errors: Errors) -> dict[str, Any]:
    """Check custom values against the field definitions an administrator made."""
    definitions = {f.key: f for f in CustomField.objects.all()}
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        definition = definitions.get(key)
        field = f"custom_fields.{key}"
        if definition is None:
            errors.add(field, _("Unknown custom field."), code="unknown_field")
            continue
        if value in (None, ""):
            continue
        if definition.type == CustomFieldType.NUMBER:
            try:
                value = float(value)
            except (TypeError, ValueError):
                errors.add(field, _("Enter a number."))
                continue
        elif definition.type == CustomFieldType.BOOLEAN:
            if not isinstance(value, bool):
                errors.add(field, _("Enter yes or no."))
                continue
        elif definition.type == CustomFieldType.DATE:
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                errors.add(field, _("Enter a date as YYYY-MM-DD."))
                continue
        elif definition.type == CustomFieldType.CHOICE and value not in definition.choices:
            errors.add(
                field,
                _("“%(value)s” is not one of the allowed values.") % {"value": value},
                code="invalid_choice",
            )
            continue
        cleaned[key] = value
    for definition in definitions.values():
        if definition.is_required and definition.key not in cleaned:
            errors.add(f"custom_fields.{definition.key}", _("This field is required."), code="required")
    return cleaned


def clean_address(data: Mapping[str, Any], errors: Errors, prefix: str = "") -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in ADDRESS_FIELDS}
    for key in data:
        if key not in ADDRESS_FIELDS:
            errors.add(f"{prefix}{key}", _("Unknown field."), code="unknown_field")
    province = normalise_province(cleaned.get("province", ""))
    if province is None:
        errors.add(f"{prefix}province", _("Not a province of China."), code="address.unknown_province")
    else:
        cleaned["province"] = province
    if not cleaned.get("city"):
        errors.add(f"{prefix}city", _("This field is required."), code="required")
    if "kind" in cleaned:
        _check_choice(errors, f"{prefix}kind", cleaned["kind"], AddressKind)
    try:
        cleaned["postcode"] = clean_postcode(cleaned.get("postcode", ""))
    except ValidationError as exc:
        errors.capture(f"{prefix}postcode", exc)
    return cleaned


def clean_point(data: Mapping[str, Any], errors: Errors, prefix: str = "") -> dict[str, Any]:
    kind = data.get("kind", "")
    cleaned: dict[str, Any] = {
        "kind": kind,
        "label": data.get("label", "") or "",
        "is_primary": bool(data.get("is_primary")),
    }
    if kind not in _codes(ContactPointKind):
        errors.add(
            f"{prefix}kind",
            _("“%(value)s” is not one of the allowed values.") % {"value": kind},
            code="invalid_choice",
        )
        return cleaned
    try:
        cleaned["value"] = clean_contact_point(kind, str(data.get("value", "")))
    except ValidationError as exc:
        errors.capture(f"{prefix}value", exc)
    return cleaned


def clean_roles(values: Iterable[str], errors: Errors) -> list[str]:
    result = []
    for value in values:
        if value not in _codes(PartyRoleType):
            errors.add(
                "roles",
                _("“%(value)s” is not one of the allowed values.") % {"value": value},
                code="invalid_choice",
            )
        elif value not in result:
            result.append(value)
    return result


def _check(errors: Errors, field: str, check: Callable[[str], None], value: str) -> None:
    try:
        check(value)
    except ValidationError as exc:
        errors.capture(field, exc)


def _check_contact(row: Mapping[str, Any], errors: Errors, prefix: str = "") -> None:
    if isinstance(row.get("name"), str):
        _check(errors, f"{prefix}name", text.check_name, row["name"])
    if isinstance(row.get("notes"), str):
        _check(errors, f"{prefix}notes", text.check_long_text, row["notes"])


def _check_counts(errors: Errors, **given: Sequence[Any]) -> bool:
    """At most :data:`~catena.core.text.MAX_CHILDREN_PER_REQUEST` of each kind in one request;
    whether the counts are within it."""
    within = True
    for field, rows in given.items():
        if len(rows) > text.MAX_CHILDREN_PER_REQUEST:
            errors.add(field, _("At most %(count)d per request.") % {"count": text.MAX_CHILDREN_PER_REQUEST})
            within = False
    return within


def clean_tag_names(values: Iterable[str], errors: Errors) -> list[str]:
    values = list(values)
    if len(values) > text.MAX_TAGS_PER_REQUEST:
        errors.add("tags", _("At most %(count)d tags.") % {"count": text.MAX_TAGS_PER_REQUEST})
        return []
    names = []
    for value in values:
        name = str(value).strip()
        if not name or len(name) > 50:
            errors.add("tags", _("A tag has 1 to 50 characters."), code="party.invalid_tag")
        elif name not in names:
            names.append(name)
    return names


# --- search text -----------------------------------------------------------------------------


def build_search_text(party: Party) -> str:
    parts = [party.name, party.short_name, party.uscc or "", party.external_id or ""]
    parts += [c.name for c in party.contacts.all()]
    parts += [p.value for p in party.contact_points.all()]
    return search_document(parts)


def refresh_search_text(party: Party) -> None:
    text = build_search_text(party)
    if text != party.search_text:
        Party.objects.filter(pk=party.pk).update(search_text=text)
        party.search_text = text


def refresh_primary_location(party: Party) -> None:
    address = party.addresses.order_by("-is_primary", "id").first()
    province, city = (address.province, address.city) if address else ("", "")
    if (party.province, party.city) != (province, city):
        Party.objects.filter(pk=party.pk).update(province=province, city=city)
        party.province, party.city = province, city


# --- parties ---------------------------------------------------------------------------------


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
    cleaned = _clean_party_fields(fields, errors, instance=None)
    addresses, contact_points, contacts = list(addresses), list(contact_points), list(contacts)
    if not _check_counts(errors, addresses=addresses, contact_points=contact_points, contacts=contacts):
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
        _check_contact(row, errors, prefix)
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
    cleaned = _clean_party_fields(changes, errors, instance=party)
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


# --- contacts, addresses, contact points -----------------------------------------------------


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
    _check_contact(row, errors)
    contact_points = list(contact_points)
    _check_counts(errors, contact_points=contact_points)
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
    _check_contact({k: v for k, v in changes.items() if k in CONTACT_FIELDS}, errors)
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
def add_address(party: Party, *, actor: User | None, **fields: Any) -> Address:
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    errors = Errors()
    row = clean_address(fields, errors)
    errors.raise_if_any()
    address = Address(party=party, **row)
    save_with_history(address, actor=actor, clean=True)
    refresh_primary_location(party)
    events.emit(PartyUpdated(fields=["addresses"]), party, actor=actor)
    return address


@transaction.atomic
def update_address(address: Address, *, actor: User | None, **changes: Any) -> Address:
    if actor is not None:
        access.ensure(actor, access.CHANGE, address.party)
    errors = Errors()
    merged = {k: getattr(address, k) for k in ADDRESS_FIELDS} | dict(changes)
    row = clean_address(merged, errors)
    errors.raise_if_any()
    for key, value in row.items():
        setattr(address, key, value)
    save_with_history(address, actor=actor, clean=True)
    refresh_primary_location(address.party)
    events.emit(PartyUpdated(fields=["addresses"]), address.party, actor=actor)
    return address


@transaction.atomic
def delete_address(address: Address, *, actor: User | None) -> None:
    party = address.party
    if actor is not None:
        access.ensure(actor, access.CHANGE, party)
    address._history_user = actor  # type: ignore[attr-defined]
    address.delete()
    refresh_primary_location(party)
    events.emit(PartyUpdated(fields=["addresses"]), party, actor=actor)


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


# --- relationships ---------------------------------------------------------------------------


def _clean_relationship(
    data: Mapping[str, Any], errors: Errors, *, from_party: Party | None, to_party: Party | None
) -> dict[str, Any]:
    row = {k: data[k] for k in RELATIONSHIP_FIELDS if k in data}
    if "kind" in row:
        _check_choice(errors, "kind", row["kind"], RelationshipKind)
    if from_party is not None and to_party is not None and from_party.pk == to_party.pk:
        errors.add("to_party", _("A party cannot be related to itself."), code="relationship.to_itself")
    since, until = row.get("since"), row.get("until")
    if since and until and until < since:
        errors.add("until", _("Must not be before the start date."))
    return row


def _clean_contract(data: Mapping[str, Any], errors: Errors) -> dict[str, Any]:
    row = {}
    for key, value in data.items():
        if key not in CONTRACT_FIELDS:
            errors.add(f"contract.{key}", _("Unknown field."), code="unknown_field")
        else:
            row[key] = value
    for pct in ("on_time_target_pct", "max_damage_rate_pct"):
        value = row.get(pct)
        if value is not None and not (0 <= float(value) <= 100):
            errors.add(f"contract.{pct}", _("Enter a percentage between 0 and 100."))
    starts, ends = row.get("starts_on"), row.get("ends_on")
    if starts and ends and ends < starts:
        errors.add("contract.ends_on", _("Must not be before the start date."))
    return row


@transaction.atomic
def create_relationship(
    *,
    actor: User | None,
    from_party: Party,
    to_party: Party,
    kind: str,
    contract: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Relationship:
    """Record that ``from_party`` serves ``to_party`` in the way ``kind`` names."""
    if actor is not None:
        access.ensure(actor, access.ADD, Relationship)
    errors = Errors()
    row = _clean_relationship({"kind": kind, **fields}, errors, from_party=from_party, to_party=to_party)
    contract_row = _clean_contract(contract, errors) if contract is not None else None
    if Relationship.objects.filter(from_party=from_party, to_party=to_party, kind=kind).exists():
        errors.add("kind", _("These two parties already have this relationship."), code="relationship.exists")
    errors.raise_if_any()
    relationship = Relationship(from_party=from_party, to_party=to_party, **row)
    save_with_history(relationship, actor=actor, clean=True)
    if contract_row is not None:
        save_with_history(Contract(relationship=relationship, **contract_row), actor=actor, clean=True)
    events.emit(
        RelationshipCreated(from_party=from_party.pk, to_party=to_party.pk, kind=kind),
        relationship,
        actor=actor,
    )
    return relationship


@transaction.atomic
def update_relationship(
    relationship: Relationship,
    *,
    actor: User | None,
    contract: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Relationship:
    if actor is not None:
        access.ensure(actor, access.CHANGE, relationship)
    errors = Errors()
    merged = {k: getattr(relationship, k) for k in RELATIONSHIP_FIELDS} | dict(changes)
    row = _clean_relationship(merged, errors, from_party=None, to_party=None)
    for key in changes:
        if key not in RELATIONSHIP_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
    contract_row = _clean_contract(contract, errors) if contract is not None else None
    if (
        "kind" in changes
        and Relationship.objects.filter(
            from_party_id=relationship.from_party_id, to_party_id=relationship.to_party_id, kind=row["kind"]
        )
        .exclude(pk=relationship.pk)
        .exists()
    ):
        errors.add("kind", _("These two parties already have this relationship."), code="relationship.exists")
    errors.raise_if_any()
    for key, value in row.items():
        setattr(relationship, key, value)
    save_with_history(relationship, actor=actor, clean=True)
    if contract_row is not None:
        existing = Contract.objects.filter(relationship=relationship).first() or Contract(
            relationship=relationship
        )
        for key, value in contract_row.items():
            setattr(existing, key, value)
        save_with_history(existing, actor=actor, clean=True)
    events.emit(RelationshipUpdated(fields=sorted(changes)), relationship, actor=actor)
    return relationship


@transaction.atomic
def delete_relationship(relationship: Relationship, *, actor: User | None) -> None:
    if actor is not None:
        access.ensure(actor, access.DELETE, relationship)
    events.emit(RelationshipDeleted(), relationship, actor=actor)
    relationship._history_user = actor  # type: ignore[attr-defined]
    relationship.delete()


@transaction.atomic
def grant_portal_access(user: User, party: Party, *, actor: User) -> PortalAccess:
    """Let the portal user ``user`` see ``party``'s records (a portal user sees one party)."""
    access.ensure(actor, access.ADD, PortalAccess)
    access.ensure(actor, access.VIEW, party)
    if not roles.is_portal(user):
        raise ValidationError({"role": [_("Choose a portal role.")]})
    return PortalAccess.objects.create(user=user, party=party)


def announce_imported(
    job: models.Model, *, actor: User | None, created: list[int], updated: list[int], contacts: list[int]
) -> None:
    """Announce a written chunk of a parties import (its rows are written in bulk by the importer,
    in the same transaction): one ``party.imported`` event whose subject is the import job."""
    if created or updated:
        events.emit(
            PartiesImported(job=job.pk, created=created, updated=updated, contacts=contacts), job, actor=actor
        )
