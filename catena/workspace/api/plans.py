"""REST endpoints of activity plans (``/api/v1/activity-plans/``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.core import gate
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.gate import actor_of
from catena.workspace import selectors, services
from catena.workspace.api.common import activity_target_of
from catena.workspace.models import Activity, ActivityPlan, ActivityPlanStep
from catena.workspace.schemas import (
    ActivityOut,
    ActivityPlanApplyIn,
    ActivityPlanIn,
    ActivityPlanOut,
    ActivityPlanPageOut,
)

router = Router(tags=["activity plans"])


def _plans(request: HttpRequest) -> Any:
    steps = Prefetch(
        "steps", queryset=ActivityPlanStep.objects.for_user(actor_of(request)).select_related("assignee")
    )
    return selectors.plan_list(actor_of(request)).prefetch_related(steps)


def _plan(request: HttpRequest, plan_id: int) -> ActivityPlan:
    return gate.api_record(request, _plans(request), plan_id)


@router.get("/", response=with_errors({200: ActivityPlanPageOut}), summary="List activity plans")
def list_plans(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """Every plan, by name (staff only; portal users see none)."""
    return page(_plans(request), params)


@router.post("/", response=with_errors({201: ActivityPlanOut}, 403), summary="Create an activity plan")
def create_plan(request: HttpRequest, payload: ActivityPlanIn) -> Status[ActivityPlan]:
    """Define a plan with its steps (administrators and managers; others 403)."""
    plan = services.create_plan(actor=actor_of(request), **payload.dict())
    return Status(201, _plan(request, plan.pk))


@router.get("/{plan_id}", response=with_errors({200: ActivityPlanOut}, 404), summary="Get an activity plan")
def get_plan(request: HttpRequest, plan_id: RowId) -> ActivityPlan:
    return _plan(request, plan_id)


@router.put(
    "/{plan_id}", response=with_errors({200: ActivityPlanOut}, 403, 404), summary="Update an activity plan"
)
def update_plan(request: HttpRequest, plan_id: RowId, payload: ActivityPlanIn) -> ActivityPlan:
    """Replace the plan's fields and steps (administrators and managers). Activities already
    scheduled from it stay as they are."""
    services.update_plan(_plan(request, plan_id), actor=actor_of(request), **payload.dict())
    return _plan(request, plan_id)


@router.post(
    "/{plan_id}/apply",
    response=with_errors({201: list[ActivityOut]}, 403, 404),
    summary="Apply an activity plan to a record",
)
def apply_plan(request: HttpRequest, plan_id: RowId, payload: ActivityPlanApplyIn) -> Status[list[Activity]]:
    """Schedule one activity per step on the record, each due its step's days after `start`. All
    or nothing: a refused step (`steps.N.assignee`…) schedules none. A plan not for this kind of
    record is 422 `activity_plan.not_applicable`; a record out of sight 422 `unknown_reference`."""
    plan = _plan(request, plan_id)
    record = activity_target_of(request, payload.target_type, payload.target_id)
    created = services.apply_plan(plan, record, actor=actor_of(request), start=payload.start)
    activities = (
        Activity.objects.for_user(actor_of(request))
        .select_related("assignee", "completed_by", "created_by")
        .filter(pk__in=[a.pk for a in created])
    )
    by_id = {activity.pk: activity for activity in activities}
    return Status(201, [by_id[a.pk] for a in created if a.pk in by_id])  # in the plan's order
