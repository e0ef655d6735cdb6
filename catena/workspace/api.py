"""REST endpoints of the workspace: activities, notifications, follows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.core import gate
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.gate import actor_of
from catena.workspace import selectors, services, targets
from catena.workspace.models import Activity, Follow, Notification
from catena.workspace.schemas import (
    ActivityCloseIn,
    ActivityIn,
    ActivityListParams,
    ActivityOut,
    ActivityPageOut,
    ActivityRescheduleIn,
    FollowIn,
    FollowOut,
    FollowPageOut,
    NotificationListParams,
    NotificationOut,
    NotificationPageOut,
    PreferenceIn,
    PreferenceOut,
    ReadAllOut,
)
from catena.workspace.services.notifications import frequency_of

activities_router = Router(tags=["activities"])
notifications_router = Router(tags=["notifications"])
follows_router = Router(tags=["follows"])


def _target(request: HttpRequest, target_type: str | None, target_id: int | None) -> models.Model:
    """The record an input names, as a field error when it is unknown or out of sight."""
    if targets.kind_of(target_type or "") is None:
        raise ValidationError(
            {
                "target_type": [
                    ValidationError(
                        _("Activities cannot be attached to this kind of record."),
                        code="activity.unknown_target_type",
                    )
                ]
            }
        )
    record = targets.find(actor_of(request), target_type or "", target_id)
    if record is None:
        raise ValidationError(
            {"target_id": [ValidationError(_("No such record."), code="unknown_reference")]}
        )
    return record


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    return gate.api_record(
        request, Activity.objects.select_related("assignee", "completed_by", "created_by"), activity_id
    )


@activities_router.get("/", response=with_errors({200: ActivityPageOut}), summary="List activities")
def list_activities(request: HttpRequest, params: Query[ActivityListParams]) -> dict[str, Any]:
    """Activities the caller may see (their own, those they scheduled and those on records they
    see), soonest due first. `target_type` and `target_id` go together."""
    target = None
    if params.target_type or params.target_id:
        target = _target(request, params.target_type, params.target_id)
    activities = selectors.activity_list(
        actor_of(request),
        mine=params.mine,
        status=params.status,
        due_before=params.due_before,
        due_after=params.due_after,
        target=target,
    )
    return page(activities, params)


@activities_router.post("/", response=with_errors({201: ActivityOut}, 403), summary="Schedule an activity")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status[Activity]:
    """Schedule an activity on a record the caller sees. Portal users and read-only staff may not
    (403); the assignee must be active staff who sees the record (422)."""
    record = _target(request, payload.target_type, payload.target_id)
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


@activities_router.get(
    "/{activity_id}", response=with_errors({200: ActivityOut}, 404), summary="Get an activity"
)
def get_activity(request: HttpRequest, activity_id: RowId) -> Activity:
    return _activity(request, activity_id)


@activities_router.post(
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


@activities_router.post(
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


@activities_router.post(
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


@notifications_router.get("/", response=with_errors({200: NotificationPageOut}), summary="List notifications")
def list_notifications(request: HttpRequest, params: Query[NotificationListParams]) -> dict[str, Any]:
    """The caller's notifications, newest first, each worded in the caller's language."""
    user = actor_of(request)
    return {
        **page(selectors.notification_list(user, unread=params.unread), params),
        "unread": selectors.unread_count(user),
    }


@notifications_router.post(
    "/{notification_id}/read",
    response=with_errors({200: NotificationOut}, 403, 404),
    summary="Mark a notification read",
)
def read_notification(request: HttpRequest, notification_id: RowId) -> Notification:
    user = actor_of(request)
    notification = gate.api_record(
        request, Notification.objects.filter(recipient_id=user.pk), notification_id
    )
    return services.mark_read(notification, actor=user)


@notifications_router.post(
    "/read-all", response=with_errors({200: ReadAllOut}, 403), summary="Mark every notification read"
)
def read_all_notifications(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(actor=actor_of(request))}


@notifications_router.get(
    "/preferences", response=with_errors({200: PreferenceOut}), summary="Get the e-mail preference"
)
def get_preference(request: HttpRequest) -> dict[str, str]:
    """How the caller hears of notifications by e-mail: `immediately`, `daily` (the default) or `never`."""
    return {"frequency": frequency_of(actor_of(request).pk)}


@notifications_router.put(
    "/preferences", response=with_errors({200: PreferenceOut}, 403), summary="Set the e-mail preference"
)
def set_preference(request: HttpRequest, payload: PreferenceIn) -> dict[str, str]:
    user = actor_of(request)
    preference = services.set_digest_frequency(user, actor=user, frequency=str(payload.frequency))
    return {"frequency": preference.frequency}


@follows_router.get("/", response=with_errors({200: FollowPageOut}), summary="List the records you follow")
def list_follows(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return page(selectors.follow_list(actor_of(request)), params)


@follows_router.post("/", response=with_errors({201: FollowOut}, 403), summary="Follow a record")
def create_follow(request: HttpRequest, payload: FollowIn) -> Status[Follow]:
    """Follow a record the caller sees (again: the same follow is answered)."""
    record = _target(request, payload.target_type, payload.target_id)
    return Status(201, services.follow(record, actor=actor_of(request)))


@follows_router.delete(
    "/{follow_id}", response=with_errors({204: None}, 403, 404), summary="Stop following a record"
)
def delete_follow(request: HttpRequest, follow_id: RowId) -> Status[None]:
    user = actor_of(request)
    found = gate.api_record(request, Follow.objects.filter(user_id=user.pk), follow_id)
    services.drop_follow(found, actor=user)
    return Status(204, None)
