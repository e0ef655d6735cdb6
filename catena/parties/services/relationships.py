"""Use cases on relationships between parties and their contracts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties.choices import RelationshipKind
from catena.parties.events import RelationshipCreated, RelationshipDeleted, RelationshipUpdated
from catena.parties.models import Contract, Party, Relationship
from catena.parties.services.cleaning import check_choice

RELATIONSHIP_FIELDS = ("kind", "since", "until", "notes")
CONTRACT_FIELDS = (
    "number", "terms", "starts_on", "ends_on", "payment_terms_days", "on_time_target_pct", "lead_time_days",
    "response_hours", "pickup_hours", "transit_days", "max_damage_rate_pct", "proof_of_delivery_required",
)  # fmt: skip


def _clean_relationship(
    data: Mapping[str, Any], errors: Errors, *, from_party: Party | None, to_party: Party | None
) -> dict[str, Any]:
    row = {k: data[k] for k in RELATIONSHIP_FIELDS if k in data}
    if "kind" in row:
        check_choice(errors, "kind", row["kind"], RelationshipKind)
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
