"""Schemas of the comments API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, PatchSchema, RowId
from catena.workspace.models.comments import MAX_COMMENT_CHARS
from catena.workspace.schemas.common import TargetParams, UserRefOut
from catena.workspace.targets import label_of_type


class CommentIn(InSchema):
    target_type: str = Field(..., max_length=100, description="The kind of record, `app_label.model`.")
    target_id: RowId = Field(..., description="The record's id.")
    body: str = Field(
        ...,
        max_length=MAX_COMMENT_CHARS,
        description="Plain text; `@username` mentions a colleague who may see the record.",
    )


class CommentPatch(PatchSchema):
    body: str | None = Field(None, max_length=MAX_COMMENT_CHARS)


class CommentOut(Schema):
    id: int
    target_type: str = Field(..., description="The kind of record, `app_label.model`.")
    target_id: int
    author: UserRefOut | None
    body: str
    mentions: list[UserRefOut] = Field(..., description="The colleagues the comment mentions.")
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_target_type(obj: Any) -> str:
        return label_of_type(obj.target_type_id)

    @staticmethod
    def resolve_mentions(obj: Any) -> list[Any]:
        return list(obj.mentions.all())


class CommentPageOut(Schema):
    count: int
    items: list[CommentOut]


class CommentListParams(TargetParams):
    pass
