"""One party with everything its page and the API show: as records, or as plain rows for staff."""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from catena.core import access
from catena.core.compiled import KEY, CompiledQuery, set_prefetched
from catena.core.db import StringList
from catena.parties.models import (
    Address,
    Contact,
    ContactPoint,
    Party,
)
from catena.parties.selectors.lists import OWNER_FIELDS, SUMMARY_FIELDS, summaries_of, tag_names_of

M = TypeVar("M", bound=models.Model)


def party_detail(user: Any, party_id: int) -> Party | None:
    """One party with everything its page shows, or None if it does not exist for ``user``.

    The roles and tags are not prefetched: ``party.role_list`` has the roles from the mask and
    ``party.tag_names`` the tag names from the same query (``party.roles.all()`` and
    ``party.tags.all()`` still read the rows, once). Addresses, contacts and contact points come
    one query each, ready for ``.all()`` as if prefetched; a contact's points are handed to it
    from the party's."""
    scope = access.scope(user, access.VIEW, Party)
    if scope == Q():  # staff see every party: the query's SQL is the same for all of them
        found = _party_detail_query().run(party_id)
        party = found[0] if found else None
    else:
        qs = Party.objects.filter(scope).select_related("owner")
        party = qs.annotate(_tag_names=StringList(tag_names_of())).filter(pk=party_id).first()
    if party is None:
        return None
    points = _parts_of(ContactPoint, party.pk)
    set_prefetched(party, "addresses", _parts_of(Address, party.pk))
    set_prefetched(party, "contacts", _parts_of(Contact, party.pk))
    set_prefetched(party, "contact_points", points)
    for contact in party.contacts.all():
        set_prefetched(contact, "contact_points", [p for p in points if p.contact_id == contact.pk])
    return party


@functools.cache
def _party_detail_query() -> CompiledQuery[Party]:
    """``party_detail``'s query for a user who may see every party, compiled once."""
    parties = Party.objects.select_related("owner").annotate(_tag_names=StringList(tag_names_of()))
    return CompiledQuery(parties.filter(pk=KEY))


def sees_every_party(user: Any) -> bool:
    """Whether ``user``'s scope is every party (staff): their reads share compiled queries."""
    return access.scope(user, access.VIEW, Party) == Q()


# What the API's party detail (``PartyOut``) shows of a party and of the rows hanging off it.
_DETAIL_COLUMNS = (*SUMMARY_FIELDS, "notes", "external_id", "custom_fields")
_ADDRESS_COLUMNS = ("id", "kind", "province", "city", "district", "street", "postcode", "is_primary")
_CONTACT_COLUMNS = ("id", "name", "title", "department", "is_primary", "notes", "created_at", "updated_at")
_POINT_COLUMNS = ("id", "kind", "value", "label", "is_primary", "contact_id")


def party_row(party_id: int) -> dict[str, Any] | None:
    """The party detail of :func:`party_detail` as plain values for a user who sees every party
    (:func:`sees_every_party`): its columns, owner, roles and tags (as :func:`party_summaries`),
    ``addresses``, ``contacts`` each with its ``contact_points``, and the party's own
    ``contact_points``; None when there is no such party. Four queries compiled once."""
    found = _party_row_query().run(party_id)
    if not found:
        return None
    (row,) = summaries_of(found)
    points = _parts_query(ContactPoint, _POINT_COLUMNS).run(party_id)
    contacts = _parts_query(Contact, _CONTACT_COLUMNS).run(party_id)
    for contact in contacts:
        contact["contact_points"] = [p for p in points if p["contact_id"] == contact["id"]]
    row["addresses"] = _parts_query(Address, _ADDRESS_COLUMNS).run(party_id)
    row["contacts"] = contacts
    row["contact_points"] = [p for p in points if p["contact_id"] is None]
    return row


@functools.cache
def _party_row_query() -> CompiledQuery[Any]:
    parties = Party.objects.annotate(tag_list=StringList(tag_names_of()))
    return CompiledQuery(
        parties.values(*_DETAIL_COLUMNS, *OWNER_FIELDS, "role_mask", "tag_list").filter(pk=KEY)
    )


def _parts_of(model: type[M], party_id: int) -> list[M]:
    """The ``model`` rows of one party in the model's order: ``model.objects.filter(party_id=…)``
    compiled once (compiling cost more than running it)."""
    return _parts_query(model).run(party_id)


@functools.cache
def _parts_query(model: type[M], fields: tuple[str, ...] = ()) -> CompiledQuery[Any]:
    """The query of ``_parts_of`` (``fields``: as ``.values(*fields)`` rows)."""
    rows = model._default_manager.filter(party_id=KEY)
    return CompiledQuery(rows.values(*fields) if fields else rows)
