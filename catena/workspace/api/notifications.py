"""REST endpoints of notifications and the e-mail preference (``/api/v1/notifications/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from catena.core import gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of
from catena.workspace import selectors, services
from catena.workspace.models import Notification
from catena.workspace.schemas import (
    NotificationListParams,
    NotificationOut,
    NotificationPageOut,
    PreferenceIn,
    PreferenceOut,
    ReadAllOut,
)
from catena.workspace.services.notifications import frequency_of

router = Router(tags=["notifications"])


@router.get("/", response=with_errors({200: NotificationPageOut}), summary="List notifications")
def list_notifications(request: HttpRequest, params: Query[NotificationListParams]) -> dict[str, Any]:
    """The caller's notifications, newest first, each worded in the caller's language."""
    user = actor_of(request)
    return {
        **page(selectors.notification_list(user, unread=params.unread), params),
        "unread": selectors.unread_count(user),
    }


@router.post(
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


@router.post(
    "/read-all", response=with_errors({200: ReadAllOut}, 403), summary="Mark every notification read"
)
def read_all_notifications(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(actor=actor_of(request))}


@router.get("/preferences", response=with_errors({200: PreferenceOut}), summary="Get the e-mail preference")
def get_preference(request: HttpRequest) -> dict[str, str]:
    """How the caller hears of notifications by e-mail: `immediately`, `daily` (the default) or `never`."""
    return {"frequency": frequency_of(actor_of(request).pk)}


@router.put(
    "/preferences", response=with_errors({200: PreferenceOut}, 403), summary="Set the e-mail preference"
)
def set_preference(request: HttpRequest, payload: PreferenceIn) -> dict[str, str]:
    user = actor_of(request)
    preference = services.set_digest_frequency(user, actor=user, frequency=str(payload.frequency))
    return {"frequency": preference.frequency}
