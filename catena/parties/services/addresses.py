"""Use cases on a party's addresses."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties.events import PartyUpdated
from catena.parties.models import Address, Party
from catena.parties.services.cleaning import ADDRESS_FIELDS, clean_address
from catena.parties.services.derived import refresh_primary_location


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
