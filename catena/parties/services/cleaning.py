"""The cleaners of the parties app: they check and normalise the input of one record (a party,
an address, a contact point, roles, tags, custom values) into an :class:`~catena.core.validation.Errors`
collector, so that one call reports every problem. The importers use them too."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from catena.accounts.services import eligible_owner
from catena.core import text
from catena.core.validation import Errors
from catena.parties.choices import (
    AddressKind,
    ContactPointKind,
    CustomFieldType,
    PartyKind,
    PartyRoleType,
    PartyStatus,
    PartyTier,
)
from catena.parties.models import CustomField, Party
from catena.parties.regions import normalise_province
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


@functools.cache
def _codes(choices: type[models.Choices]) -> frozenset[str]:
    """The codes of a choices class, built once (``.values`` builds a new list on every call,
    which costs more than the rest of an imported row's checks)."""
    return frozenset(str(v) for v in choices.values)


def check_choice(errors: Errors, field: str, value: Any, choices: type[models.TextChoices]) -> None:
    if value not in _codes(choices):
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values.") % {"value": value},
            code="invalid_choice",
        )


def clean_party_fields(data: Mapping[str, Any], errors: Errors, *, instance: Party | None) -> dict[str, Any]:
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
            check_choice(errors, field, cleaned[field], choices)
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
        check_choice(errors, f"{prefix}kind", cleaned["kind"], AddressKind)
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


def check_contact(row: Mapping[str, Any], errors: Errors, prefix: str = "") -> None:
    if isinstance(row.get("name"), str):
        _check(errors, f"{prefix}name", text.check_name, row["name"])
    if isinstance(row.get("notes"), str):
        _check(errors, f"{prefix}notes", text.check_long_text, row["notes"])


def check_counts(errors: Errors, **given: Sequence[Any]) -> bool:
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
