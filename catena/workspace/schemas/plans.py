"""API schemas of activity plans."""

from __future__ import annotations

from datetime import datetime, time

from ninja import Field, Schema

from catena.core.api_schemas import Day, InSchema, RowId
from catena.workspace.choices import ActivityKind, AssigneeRule
from catena.workspace.models.plans import MAX_OFFSET_DAYS
from catena.workspace.schemas.activities import TARGET_TYPE, WorkspaceUserOut


class ActivityPlanStepIn(InSchema):
    kind: ActivityKind = ActivityKind.TODO
    subject: str = Field(..., min_length=1, max_length=200)
    note: str = Field("", max_length=20_000)
    offset_days: int = Field(0, ge=0, le=MAX_OFFSET_DAYS, description="Due this many days after the start.")
    time_of_day: time | None = Field(None, description="Due at this time of day; all day when left out.")
    assignee_rule: AssigneeRule = Field(
        AssigneeRule.RECORD_OWNER,
        description="`record_owner` (the applier when the record has none), `applier`, or `user` "
        "(the colleague named by `assignee`).",
    )
    assignee: RowId | None = Field(None, description="User id, with `assignee_rule` `user`.")


class ActivityPlanIn(InSchema):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    applies_to: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Kinds of record (`parties.party`, `sales.opportunity`…); empty for any kind.",
    )
    is_active: bool = True
    steps: list[ActivityPlanStepIn] = Field(
        default_factory=list, max_length=50, description="In order; they replace the plan's steps."
    )


class ActivityPlanStepOut(Schema):
    position: int
    kind: str
    subject: str
    note: str
    offset_days: int
    time_of_day: time | None
    assignee_rule: str
    assignee: WorkspaceUserOut | None


class ActivityPlanOut(Schema):
    id: int
    name: str
    description: str
    applies_to: list[str]
    is_active: bool
    steps: list[ActivityPlanStepOut]
    created_at: datetime
    updated_at: datetime


class ActivityPlanPageOut(Schema):
    count: int
    items: list[ActivityPlanOut]


class ActivityPlanApplyIn(InSchema):
    target_type: str = TARGET_TYPE
    target_id: RowId
    start: Day | None = Field(
        None, description="The day the steps count from; today (your time zone) if left out."
    )
