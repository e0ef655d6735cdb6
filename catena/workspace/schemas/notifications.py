"""API schemas of notifications and the e-mail preference."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, PageParams
from catena.workspace import rules, targets
from catena.workspace.choices import DigestFrequency
from catena.workspace.schemas.activities import WorkspaceUserOut


class NotificationOut(Schema):
    id: int
    event: str = Field(..., validation_alias="event_name")
    verb: str = Field(..., description="Message key; `message` is its text in the caller's language.")
    params: dict[str, Any]
    message: str
    actor: WorkspaceUserOut | None
    target_type: str | None
    target_id: int | None = Field(None, validation_alias="object_id")
    read_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_message(obj: Any) -> str:
        return rules.render(obj.verb, obj.params)

    @staticmethod
    def resolve_target_type(obj: Any) -> str | None:
        return targets.label_of_type(obj.content_type_id) if obj.content_type_id else None


class NotificationPageOut(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class NotificationListParams(PageParams):
    unread: bool | None = Field(None, description="Only unread (true) or read (false) ones.")


class ReadAllOut(Schema):
    marked: int


class PreferenceIn(InSchema):
    frequency: DigestFrequency


class PreferenceOut(Schema):
    frequency: str
