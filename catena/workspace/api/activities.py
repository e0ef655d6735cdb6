"""REST endpoints of activities (``/api/v1/activities/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.core import gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of
from catena.workspace import selectors, services
from catena.workspace.api.common import activity_target_of
from catena.workspace.models import Activity
from catena.workspace.schemas import (
    ActivityCloseIn,
    ActivityIn,
    ActivityListParams,
    ActivityOut,
    ActivityPageOut,
    ActivityRescheduleIn,
)

router = Router(tags=["activities"])


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    return gate.api_record(
        request, Activity.objects.select_related("assignee", "completed_by", "created_by"), activity_id
    )


@router.get("/", response=with_errors({200: ActivityPageOut}), summary="List activities")
def list_activities(request: HttpRequest, params: Query[ActivityListParams]) -> dict[str, Any]:
    """Activities the caller may see (their own, those they scheduled and those on records they
    see), soonest due first. `target_type` and `target_id` go together."""
    target = None
    if params.target_type or params.target_id:
        target = activity_target_of(request, params.target_type, params.target_id)
    activities = selectors.activity_list(
        actor_of(request),
        mine=params.mine,
        status=params.status,
        due_before=params.due_before,
        due_after=params.due_after,
        target=target,
    )
    return page(activities, params)


@router.post("/", response=with_errors({201: ActivityOut}, 403), summary="Schedule an activity")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status[Activity]:
    """Schedule an activity on a record the caller sees. Portal users and read-only staff may not
    (403); the assignee must be active staff who sees the record (422)."""
    record = activity_target_of(request, payload.target_type, payload.target_id)
    activity = services.schedule_activity(
        record,
        actor=actor_of(request),
        kind=payload.kind,
        subject=payload.subject,
        note=payload.note,
        due_at=payload.due_at,
        all_day=payload.all_day,
        assignee=payload.assignee,
    )
    return Status(201, _activity(request, activity.pk))


@router.get("/{activity_id}", response=with_errors({200: ActivityOut}, 404), summary="Get an activity")
def get_activity(request: HttpRequest, activity_id: RowId) -> Activity:
    return _activity(request, activity_id)


@router.post(
    "/{activity_id}/complete",
    response=with_errors({200: ActivityOut}, 403, 404, 409),
    summary="Complete an activity",
)
def complete_activity(request: HttpRequest, activity_id: RowId, payload: ActivityCloseIn) -> Activity:
    """Mark an open activity done with its outcome (409 `activity.not_open` if it is not open)."""
    services.complete_activity(
        _activity(request, activity_id),
        actor=actor_of(request),
        outcome=payload.outcome,
        expected_version=payload.version,
    )
    return _activity(request, activity_id)


@router.post(
    "/{activity_id}/cancel",
    response=with_errors({200: ActivityOut}, 403, 404, 409),
    summary="Cancel an activity",
)
def cancel_activity(request: HttpRequest, activity_id: RowId, payload: ActivityCloseIn) -> Activity:
    services.cancel_activity(
        _activity(request, activity_id),
        actor=actor_of(request),
        outcome=payload.outcome,
        expected_version=payload.version,
    )
    return _activity(request, activity_id)


@router.post(
    "/{activity_id}/reschedule",
    response=with_errors({200: ActivityOut}, 403, 404, 409),
    summary="Reschedule an activity",
)
def reschedule_activity(request: HttpRequest, activity_id: RowId, payload: ActivityRescheduleIn) -> Activity:
    """Give an open activity another due time, and optionally another assignee."""
    services.reschedule_activity(
        _activity(request, activity_id),
        actor=actor_of(request),
        due_at=payload.due_at,
        all_day=payload.all_day,
        assignee=payload.assignee,
        expected_version=payload.version,
    )
    return _activity(request, activity_id)
