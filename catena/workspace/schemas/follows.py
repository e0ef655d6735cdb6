"""API schemas of follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, RowId
from catena.workspace import targets
from catena.workspace.schemas.activities import TARGET_TYPE


class FollowIn(InSchema):
    target_type: str = TARGET_TYPE
    target_id: RowId


class FollowOut(Schema):
    id: int
    target_type: str
    target_id: int = Field(..., validation_alias="object_id")
    created_at: datetime

    @staticmethod
    def resolve_target_type(obj: Any) -> str:
        return targets.label_of_type(obj.content_type_id)


class FollowPageOut(Schema):
    count: int
    items: list[FollowOut]
