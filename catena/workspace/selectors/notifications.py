"""Reads of notifications, and the counts every page's navigation shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from catena.accounts.models import User
from catena.workspace.models import Activity, Notification, NotificationQuerySet
from catena.workspace.selectors.activities import end_of_today


def navigation_counts(user: Any, now: datetime | None = None) -> dict[str, int]:
    """The user's unread notifications and open activities due by the end of today, in one
    query (every page's navigation shows both)."""
    unread = (
        Notification.objects.filter(recipient_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    due = (
        Activity.objects.filter(assignee_id=OuterRef("pk"), status="open", due_at__lt=end_of_today(now))
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = (
        User.objects.for_user(user)
        .filter(pk=user.pk)
        .annotate(unread=Coalesce(Subquery(unread), 0), due=Coalesce(Subquery(due), 0))
        .values("unread", "due")
        .first()
    )
    return {"unread": found["unread"], "due": found["due"]} if found else {"unread": 0, "due": 0}


def unread_count(user: Any) -> int:
    return Notification.objects.for_user(user).filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_list(user: Any, *, unread: bool | None = None) -> NotificationQuerySet:
    """The user's own notifications, newest first."""
    notifications = Notification.objects.for_user(user).filter(recipient_id=user.pk).select_related("actor")
    if unread is True:
        notifications = notifications.filter(read_at__isnull=True)
    elif unread is False:
        notifications = notifications.filter(read_at__isnull=False)
    return notifications.order_by("-created_at", "-id")
