"""REST endpoints for the comments on records (``/api/v1/comments/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.workspace import services
from catena.workspace.api.common import target_of
from catena.workspace.models import Comment
from catena.workspace.schemas.comments import (
    CommentIn,
    CommentListParams,
    CommentOut,
    CommentPageOut,
    CommentPatch,
)
from catena.workspace.selectors.comments import comments_on

router = Router(tags=["comments"])


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    return gate.api_record(
        request, Comment.objects.select_related("author").prefetch_related("mentions"), comment_id
    )


@router.get("/", response=with_errors({200: CommentPageOut}), summary="List the comments on a record")
def list_comments(request: HttpRequest, params: Query[CommentListParams]) -> dict[str, Any]:
    """The comments on one record, oldest first. Staff only: portal users see no comments."""
    record = target_of(request, params.target_type, params.target_id)
    return page(comments_on(gate.actor_of(request), record), params)


@router.post("/", response=with_errors({201: CommentOut}, 403), summary="Comment on a record")
def create_comment(request: HttpRequest, payload: CommentIn) -> Status[Comment]:
    """Comment on a record the caller may see; each `@username` of an active colleague who may
    see the record is recorded as a mention (and announced with `comment.created`)."""
    actor = gate.actor_of(request)
    access.ensure(actor, access.ADD, Comment)
    record = target_of(request, payload.target_type, payload.target_id)
    comment = services.add_comment(record, actor=actor, body=payload.body)
    return Status(201, _comment(request, comment.pk))


@router.get("/{comment_id}", response=with_errors({200: CommentOut}, 404), summary="Get a comment")
def get_comment(request: HttpRequest, comment_id: RowId) -> Comment:
    return _comment(request, comment_id)


@router.patch("/{comment_id}", response=with_errors({200: CommentOut}, 403, 404), summary="Edit a comment")
def update_comment(request: HttpRequest, comment_id: RowId, payload: CommentPatch) -> Comment:
    """Change the text of one's own comment; its mentions follow the new text."""
    comment = _comment(request, comment_id)
    changes = payload.model_dump(exclude_unset=True)
    if "body" in changes:
        services.edit_comment(comment, actor=gate.actor_of(request), body=changes["body"])
    else:
        access.ensure(gate.actor_of(request), access.CHANGE, comment)
    return _comment(request, comment_id)


@router.delete("/{comment_id}", response=with_errors({204: None}, 403, 404), summary="Delete a comment")
def delete_comment(request: HttpRequest, comment_id: RowId) -> Status[None]:
    """Delete a comment: its author, a manager or an administrator."""
    services.delete_comment(_comment(request, comment_id), actor=gate.actor_of(request))
    return Status(204, None)
