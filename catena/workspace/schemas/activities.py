"""API schemas of activities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import InSchema, Moment, PageParams, RowId
from catena.workspace import targets
from catena.workspace.choices import ActivityKind, ActivityStatus

TARGET_TYPE = Field(
    ...,
    max_length=100,
    description="Kind of record, `app_label.model_name` (`parties.party`, `sales.quote`…).",
)


class WorkspaceUserOut(Schema):
    id: int
    name: str = Field(..., validation_alias="display_name")


class ActivityIn(InSchema):
    target_type: str = TARGET_TYPE
    target_id: RowId
    kind: ActivityKind = ActivityKind.TODO
    subject: str = Field(..., min_length=1, max_length=200)
    note: str = Field("", max_length=20_000)
    due_at: Moment
    all_day: bool = Field(False, description="Due on the day of `due_at` (its time is ignored).")
    assignee: RowId | None = Field(None, description="User id; yourself when left out.")


class ActivityCloseIn(InSchema):
    outcome: str = Field("", max_length=20_000, description="What came of it, or why it was cancelled.")
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The version you read (409 if it moved on)."
    )


class ActivityRescheduleIn(InSchema):
    due_at: Moment
    all_day: bool | None = None
    assignee: RowId | None = Field(None, description="Give it to someone else at the same time.")
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The version you read (409 if it moved on)."
    )


class ActivityOut(Schema):
    id: int
    target_type: str
    target_id: int = Field(..., validation_alias="object_id")
    kind: str
    subject: str
    note: str
    due_at: datetime
    all_day: bool
    is_overdue: bool
    assignee: WorkspaceUserOut
    status: str
    outcome: str
    completed_at: datetime | None
    completed_by: WorkspaceUserOut | None
    created_by: WorkspaceUserOut | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_target_type(obj: Any) -> str:
        return targets.label_of_type(obj.content_type_id)


class ActivityPageOut(Schema):
    count: int
    items: list[ActivityOut]


class ActivityListParams(PageParams):
    mine: bool = Field(False, description="Only the caller's own (assigned to them).")
    status: ActivityStatus | None = None
    due_before: Moment | None = Field(None, description="Due before (exclusive).")
    due_after: Moment | None = Field(None, description="Due at or after.")
    target_type: str | None = Field(None, max_length=100, description="With `target_id`: about this record.")
    target_id: RowId | None = None

    model_config = ConfigDict(use_enum_values=True)
