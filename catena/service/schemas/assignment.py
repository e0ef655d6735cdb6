"""Schemas of assignment rules and of an agent's duty (``/api/v1/assignment-rules``,
``/api/v1/agents/{id}/duty``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, PageParams
from catena.parties.schemas import UserRefOut
from catena.service.models import AssignmentRule


class AssignmentRuleIn(InSchema):
    """A rule: criteria left empty match every case; exactly one of `team` and `user`."""

    name: str = Field(max_length=100)
    priority: int = Field(ge=0, le=100000, description="Rules are tried from the lowest number; unique.")
    is_active: bool = True
    case_type: Literal["", "inquiry", "complaint", "return_request", "claim", "technical_support"] = ""
    category: int | None = Field(None, description="Product category id: the product line.")
    province: str = Field("", max_length=20, description="The customer's province, e.g. `广东省`.")
    tier: Literal["", "strategic", "key", "standard", "small"] = ""
    skill: str = Field("", max_length=40, description="A skill code the agent must have.")
    to_account_manager: bool = False
    team: str | None = Field(None, max_length=20, description="Department code whose members take the cases.")
    user: int | None = Field(None, description="A named colleague who takes the cases.")
    method: Literal["round_robin", "least_loaded"] = "round_robin"


class AssignmentRuleOut(Schema):
    id: int
    name: str
    priority: int
    is_active: bool
    case_type: str
    category: int | None = Field(None, alias="category_id")
    province: str
    tier: str
    skill: str
    to_account_manager: bool
    team: str | None
    user: UserRefOut | None
    method: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_team(obj: AssignmentRule) -> str | None:
        return obj.team.code if obj.team is not None else None


class AssignmentRulePageOut(Schema):
    count: int
    items: list[AssignmentRuleOut]


class AssignmentRuleListParams(PageParams):
    pass


class DutyShiftOut(Schema):
    id: int
    weekday: int = Field(description="0 Monday … 6 Sunday.")
    starts_at: time
    ends_at: time


class AbsenceOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    reason: str


class AgentDutyOut(Schema):
    """An agent's duty: shifts in the working calendar's time zone, absences from today on."""

    user: int
    on_duty: bool
    is_available: bool
    skills: list[str]
    max_open_cases: int | None
    open_cases: int
    shifts: list[DutyShiftOut]
    absences: list[AbsenceOut]
