"""REST endpoints of follows (``/api/v1/follows/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.core import gate
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.gate import actor_of
from catena.workspace import selectors, services
from catena.workspace.api.common import activity_target_of
from catena.workspace.models import Follow
from catena.workspace.schemas import (
    FollowIn,
    FollowOut,
    FollowPageOut,
)

router = Router(tags=["follows"])


@router.get("/", response=with_errors({200: FollowPageOut}), summary="List the records you follow")
def list_follows(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return page(selectors.follow_list(actor_of(request)), params)


@router.post("/", response=with_errors({201: FollowOut}, 403), summary="Follow a record")
def create_follow(request: HttpRequest, payload: FollowIn) -> Status[Follow]:
    """Follow a record the caller sees (again: the same follow is answered)."""
    record = activity_target_of(request, payload.target_type, payload.target_id)
    return Status(201, services.follow(record, actor=actor_of(request)))


@router.delete("/{follow_id}", response=with_errors({204: None}, 403, 404), summary="Stop following a record")
def delete_follow(request: HttpRequest, follow_id: RowId) -> Status[None]:
    user = actor_of(request)
    found = gate.api_record(request, Follow.objects.filter(user_id=user.pk), follow_id)
    services.drop_follow(found, actor=user)
    return Status(204, None)
