"""REST endpoints for relationships between parties (the links of the chain) and their contracts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of
from catena.parties import services
from catena.parties.models import Party, Relationship
from catena.parties.schemas import (
    RelationshipIn,
    RelationshipListParams,
    RelationshipOut,
    RelationshipPageOut,
    RelationshipPatch,
)

router = Router(tags=["relationships"])


def _visible(request: HttpRequest) -> QuerySet[Relationship]:
    return Relationship.objects.select_related("from_party", "to_party", "contract").for_user(
        actor_of(request)
    )


def _relationship(request: HttpRequest, relationship_id: RowId) -> Relationship:
    return gate.api_record(
        request, Relationship.objects.select_related("from_party", "to_party", "contract"), relationship_id
    )


@router.get("/", response=with_errors({200: RelationshipPageOut}), summary="List relationships")
def list_relationships(request: HttpRequest, params: Query[RelationshipListParams]) -> dict[str, Any]:
    """Relationships the caller may see; `party` matches either side."""
    qs = _visible(request)
    if params.party is not None:
        qs = qs.filter(Q(from_party_id=params.party) | Q(to_party_id=params.party))
    if params.from_party is not None:
        qs = qs.filter(from_party_id=params.from_party)
    if params.to_party is not None:
        qs = qs.filter(to_party_id=params.to_party)
    if params.kind:
        qs = qs.filter(kind=params.kind)
    return page(qs.order_by("from_party_id", "kind", "id"), params)


@router.post("/", response=with_errors({201: RelationshipOut}, 403), summary="Create a relationship")
def create_relationship(request: HttpRequest, payload: RelationshipIn) -> Status[Relationship]:
    """`from_party` serves `to_party` in the way `kind` names; `contract` holds the SLA targets."""
    actor = actor_of(request)
    access.ensure(actor, access.ADD, Relationship)
    data = payload.model_dump(exclude_unset=True)
    visible_parties = Party.objects.for_user(actor)
    parties = {p.pk: p for p in visible_parties.filter(pk__in=[data["from_party"], data["to_party"]])}
    missing = {
        key: [ValidationError(_("No such party."), code="unknown_reference")]
        for key in ("from_party", "to_party")
        if data[key] not in parties
    }
    if missing:
        raise ValidationError(missing)
    data["from_party"] = parties[data["from_party"]]
    data["to_party"] = parties[data["to_party"]]
    relationship = services.create_relationship(actor=actor, **data)
    return Status(201, _relationship(request, relationship.pk))


@router.get(
    "/{relationship_id}", response=with_errors({200: RelationshipOut}, 404), summary="Get a relationship"
)
def get_relationship(request: HttpRequest, relationship_id: RowId) -> Relationship:
    return _relationship(request, relationship_id)


@router.patch(
    "/{relationship_id}",
    response=with_errors({200: RelationshipOut}, 403, 404),
    summary="Change a relationship",
)
def update_relationship(
    request: HttpRequest, relationship_id: RowId, payload: RelationshipPatch
) -> Relationship:
    """Change the fields sent; contract fields sent change, the others stay."""
    relationship = _relationship(request, relationship_id)
    services.update_relationship(
        relationship, actor=actor_of(request), **payload.model_dump(exclude_unset=True)
    )
    return _relationship(request, relationship_id)


@router.delete(
    "/{relationship_id}", response=with_errors({204: None}, 403, 404), summary="Delete a relationship"
)
def delete_relationship(request: HttpRequest, relationship_id: RowId) -> Status[None]:
    services.delete_relationship(_relationship(request, relationship_id), actor=actor_of(request))
    return Status(204, None)
