"""REST endpoints for parties and their contacts, addresses, contact points, chain and history.

Thin: look the party up through the access policy (outside the caller's scope is a 404), call
one service or selector, render. Rights to change are checked by the services (403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from catena.accounts import roles
from catena.core import access, answers
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.errors import CodedHttpError
from catena.core.gate import actor_of, not_found
from catena.parties import selectors, services
from catena.parties.history import party_history
from catena.parties.models import Address, Contact, ContactPoint, Party, Tag
from catena.parties.policies import portal_party_id
from catena.parties.schemas import (
    AddressIn,
    AddressOut,
    AddressPatch,
    ChainOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    ContactPointOut,
    ContactPointPatch,
    HistoryPageOut,
    MeOut,
    PartyContactPointIn,
    PartyIn,
    PartyListParams,
    PartyOut,
    PartyPageOut,
    PartyPatch,
    TagPageOut,
)
from catena.parties.selectors.duplicates import duplicate_refusal

# The party list counts exactly up to this many matches; beyond, PostgreSQL's estimate stands in
# (`count_is_estimate`), so that a broad filter does not read every matching row for its count.
EXACT_COUNT_LIMIT = 10_000

router = Router(tags=["parties"])
tags_router = Router(tags=["tags"])
me_router = Router(tags=["me"])


class AddressPageOut(Schema):
    count: int
    items: list[AddressOut]


class ContactPageOut(Schema):
    count: int
    items: list[ContactOut]


class ContactPointPageOut(Schema):
    count: int
    items: list[ContactPointOut]


class ChainParams(Schema):
    depth: int = Field(2, ge=1, le=4, description="Links to follow up and down the chain.")


class TagListParams(PageParams):
    q: str = Field("", max_length=50, description="Substring of the tag name.")


def visible_party(request: HttpRequest, party_id: RowId) -> Party:
    """The party if the caller may see it; otherwise 404, whether it exists or not."""
    party = Party.objects.for_user(actor_of(request)).filter(pk=party_id).first()
    if party is None:
        raise not_found()
    return party


def _detail(request: HttpRequest, party_id: RowId) -> Party:
    party = selectors.party_detail(actor_of(request), party_id)
    if party is None:
        raise not_found()
    return party


# --- parties ---------------------------------------------------------------------------------


@router.get("/", response=with_errors({200: PartyPageOut}), summary="List parties")
def list_parties(request: HttpRequest, params: Query[PartyListParams]) -> dict[str, Any]:
    """Parties the caller may see, filtered and sorted, `limit` rows from `offset` on. `count` is
    exact up to 10,000 matches; beyond, it is an estimate and `count_is_estimate` is true."""
    filters = selectors.PartyFilter(
        q=params.q.strip(),
        role=params.role or "",
        tag=params.tag,
        owner=params.owner,
        province=params.province,
        city=params.city.strip(),
        status=params.status or "",
        tier=params.tier or "",
        kind=params.kind or "",
        updated_since=params.updated_since,
        sort=params.sort,
    )
    page_of = selectors.api_party_page(
        actor_of(request),
        filters,
        start=params.offset,
        stop=params.offset + params.limit,
        exact_up_to=EXACT_COUNT_LIMIT,
    )
    result = {"count": page_of.count, "count_is_estimate": page_of.is_estimate, "items": page_of.items}
    return answers.answer(request, PartyPageOut, result)


class PartyCreateIn(PartyIn):
    allow_duplicate: bool = Field(False, description="Create it even if it looks like a party there.")


@router.post("/", response=with_errors({201: PartyOut}, 403, 409), summary="Create a party")
def create_party(request: HttpRequest, payload: PartyCreateIn) -> Status[Any]:
    """Create a party, optionally with its roles, tags, contacts, addresses and contact points.
    One with the same name, phone or e-mail as a party the caller may see is refused with 409
    `party.possible_duplicate` (`existing` names them), unless `allow_duplicate` is true."""
    user = actor_of(request)
    arguments = payload.model_dump(exclude_unset=True, exclude={"allow_duplicate"})
    if not payload.allow_duplicate and access.can(user, access.ADD, Party):
        refusal = duplicate_refusal(user, arguments)
        if refusal is not None:
            return Status(409, refusal)
    party = services.create_party(actor=user, **arguments)
    return Status(201, _detail(request, party.pk))


@router.get("/{party_id}", response=with_errors({200: PartyOut}, 404), summary="Get a party")
def get_party(request: HttpRequest, party_id: RowId) -> Any:
    user = actor_of(request)
    if answers.fast(user, PartyOut) and selectors.sees_every_party(user):
        row = selectors.party_row(party_id)
        if row is None:
            raise not_found()
        return answers.answer(request, PartyOut, row, check=lambda: _detail(request, party_id))
    return _detail(request, party_id)


@router.patch("/{party_id}", response=with_errors({200: PartyOut}, 403, 404), summary="Change a party")
def update_party(request: HttpRequest, party_id: RowId, payload: PartyPatch) -> Party:
    """Change the fields sent; the others stay as they are. `roles` and `tags` replace the lists."""
    party = visible_party(request, party_id)
    services.update_party(party, actor=actor_of(request), **payload.model_dump(exclude_unset=True))
    return _detail(request, party_id)


@router.delete("/{party_id}", response=with_errors({204: None}, 403, 404, 409), summary="Delete a party")
def delete_party(request: HttpRequest, party_id: RowId) -> Status[None]:
    """Refused with 409 while other records (orders, tickets…) still need the party."""
    try:
        services.delete_party(visible_party(request, party_id), actor=actor_of(request))
    except ProtectedError as exc:
        raise CodedHttpError(409, _("Other records still use this party."), code="party.in_use") from exc
    return Status(204, None)


@router.get("/{party_id}/chain", response=with_errors({200: ChainOut}, 404), summary="Supply-chain graph")
def party_chain(request: HttpRequest, party_id: RowId, params: Query[ChainParams]) -> dict[str, Any]:
    """Upstream and downstream partners up to `depth` links away, as nodes and edges."""
    party = visible_party(request, party_id)
    return selectors.chain_graph(actor_of(request), party, depth=params.depth)


@router.get(
    "/{party_id}/history", response=with_errors({200: HistoryPageOut}, 403, 404), summary="Change history"
)
def party_changes(request: HttpRequest, party_id: RowId, params: Query[PageParams]) -> dict[str, Any]:
    """Who changed which field, when, from what to what: the party and its contacts, addresses
    and contact points, newest first. Staff only: the trail names colleagues and internal notes."""
    party = visible_party(request, party_id)
    if not roles.is_internal(actor_of(request)):
        raise access.PermissionDenied(access.VIEW, party)
    entries = party_history(party)
    return {"count": len(entries), "items": entries[params.offset : params.offset + params.limit]}


# --- contacts --------------------------------------------------------------------------------


def _contact_of(party: Party, contact_id: RowId) -> Contact:
    contact = party.contacts.filter(pk=contact_id).select_related("party").first()
    if contact is None:
        raise not_found()
    return contact


@router.get("/{party_id}/contacts", response=with_errors({200: ContactPageOut}, 404), summary="List contacts")
def list_contacts(request: HttpRequest, party_id: RowId, params: Query[PageParams]) -> dict[str, Any]:
    party = visible_party(request, party_id)
    return page(
        party.contacts.prefetch_related("contact_points").order_by("-is_primary", "name", "id"), params
    )


@router.post(
    "/{party_id}/contacts", response=with_errors({201: ContactOut}, 403, 404), summary="Add a contact"
)
def create_contact(request: HttpRequest, party_id: RowId, payload: ContactIn) -> Status[Contact]:
    party = visible_party(request, party_id)
    contact = services.add_contact(party, actor=actor_of(request), **payload.model_dump(exclude_unset=True))
    return Status(201, contact)


@router.patch(
    "/{party_id}/contacts/{contact_id}",
    response=with_errors({200: ContactOut}, 403, 404),
    summary="Change a contact",
)
def update_contact(
    request: HttpRequest, party_id: RowId, contact_id: RowId, payload: ContactPatch
) -> Contact:
    contact = _contact_of(visible_party(request, party_id), contact_id)
    return services.update_contact(contact, actor=actor_of(request), **payload.model_dump(exclude_unset=True))


@router.delete(
    "/{party_id}/contacts/{contact_id}",
    response=with_errors({204: None}, 403, 404),
    summary="Delete a contact",
)
def delete_contact(request: HttpRequest, party_id: RowId, contact_id: RowId) -> Status[None]:
    contact = _contact_of(visible_party(request, party_id), contact_id)
    services.delete_contact(contact, actor=actor_of(request))
    return Status(204, None)


# --- addresses -------------------------------------------------------------------------------


def _address_of(party: Party, address_id: RowId) -> Address:
    address = party.addresses.filter(pk=address_id).select_related("party").first()
    if address is None:
        raise not_found()
    return address


@router.get(
    "/{party_id}/addresses", response=with_errors({200: AddressPageOut}, 404), summary="List addresses"
)
def list_addresses(request: HttpRequest, party_id: RowId, params: Query[PageParams]) -> dict[str, Any]:
    party = visible_party(request, party_id)
    return page(party.addresses.order_by("-is_primary", "kind", "id"), params)


@router.post(
    "/{party_id}/addresses", response=with_errors({201: AddressOut}, 403, 404), summary="Add an address"
)
def create_address(request: HttpRequest, party_id: RowId, payload: AddressIn) -> Status[Address]:
    party = visible_party(request, party_id)
    address = services.add_address(party, actor=actor_of(request), **payload.model_dump(exclude_unset=True))
    return Status(201, address)


@router.patch(
    "/{party_id}/addresses/{address_id}",
    response=with_errors({200: AddressOut}, 403, 404),
    summary="Change an address",
)
def update_address(
    request: HttpRequest, party_id: RowId, address_id: RowId, payload: AddressPatch
) -> Address:
    address = _address_of(visible_party(request, party_id), address_id)
    return services.update_address(address, actor=actor_of(request), **payload.model_dump(exclude_unset=True))


@router.delete(
    "/{party_id}/addresses/{address_id}",
    response=with_errors({204: None}, 403, 404),
    summary="Delete an address",
)
def delete_address(request: HttpRequest, party_id: RowId, address_id: RowId) -> Status[None]:
    address = _address_of(visible_party(request, party_id), address_id)
    services.delete_address(address, actor=actor_of(request))
    return Status(204, None)


# --- contact points --------------------------------------------------------------------------


def _point_of(party: Party, point_id: RowId) -> ContactPoint:
    point = party.contact_points.filter(pk=point_id).select_related("party", "contact").first()
    if point is None:
        raise not_found()
    return point


def _resolve_contact(party: Party, data: dict[str, Any]) -> None:
    """Replace a contact id in ``data`` by the contact, which must belong to ``party``."""
    if data.get("contact") is None:
        return
    contact = party.contacts.filter(pk=data["contact"]).first()
    if contact is None:
        raise ValidationError(
            {"contact": [ValidationError(_("No such contact of this party."), code="unknown_reference")]}
        )
    data["contact"] = contact


@router.get(
    "/{party_id}/contact-points",
    response=with_errors({200: ContactPointPageOut}, 404),
    summary="List contact points",
)
def list_contact_points(request: HttpRequest, party_id: RowId, params: Query[PageParams]) -> dict[str, Any]:
    """Every way to reach the party, its contacts' included (`contact_id` says whose)."""
    party = visible_party(request, party_id)
    return page(party.contact_points.order_by("kind", "-is_primary", "id"), params)


@router.post(
    "/{party_id}/contact-points",
    response=with_errors({201: ContactPointOut}, 403, 404),
    summary="Add a contact point",
)
def create_contact_point(
    request: HttpRequest, party_id: RowId, payload: PartyContactPointIn
) -> Status[ContactPoint]:
    party = visible_party(request, party_id)
    if not access.can(actor_of(request), access.CHANGE, party):
        raise access.PermissionDenied(access.CHANGE, party)
    data = payload.model_dump(exclude_unset=True)
    _resolve_contact(party, data)
    return Status(201, services.add_contact_point(party, actor=actor_of(request), **data))


@router.patch(
    "/{party_id}/contact-points/{point_id}",
    response=with_errors({200: ContactPointOut}, 403, 404),
    summary="Change a contact point",
)
def update_contact_point(
    request: HttpRequest, party_id: RowId, point_id: RowId, payload: ContactPointPatch
) -> ContactPoint:
    party = visible_party(request, party_id)
    point = _point_of(party, point_id)
    if not access.can(actor_of(request), access.CHANGE, party):
        raise access.PermissionDenied(access.CHANGE, party)
    data = payload.model_dump(exclude_unset=True)
    _resolve_contact(party, data)
    return services.update_contact_point(point, actor=actor_of(request), **data)


@router.delete(
    "/{party_id}/contact-points/{point_id}",
    response=with_errors({204: None}, 403, 404),
    summary="Delete a contact point",
)
def delete_contact_point(request: HttpRequest, party_id: RowId, point_id: RowId) -> Status[None]:
    point = _point_of(visible_party(request, party_id), point_id)
    services.delete_contact_point(point, actor=actor_of(request))
    return Status(204, None)


# --- tags and the caller ---------------------------------------------------------------------


@tags_router.get("/", response=with_errors({200: TagPageOut}), summary="List tags")
def list_tags(request: HttpRequest, params: Query[TagListParams]) -> dict[str, Any]:
    tags = Tag.objects.for_user(actor_of(request))
    if params.q.strip():
        tags = tags.filter(name__icontains=params.q.strip())
    return page(tags.order_by("name", "id"), params)


@me_router.get("", response=with_errors({200: MeOut}), summary="The caller")
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the token (or session) acts as: username, role, department, portal party."""
    user = actor_of(request)
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "department": user.department.code if user.department_id and user.department else None,
        "portal_party_id": portal_party_id(user),
    }
