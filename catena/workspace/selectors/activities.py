"""Reads of activities: a user's day, the activities on a record."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catena.core import access
from catena.workspace import targets
from catena.workspace.models import Activity, ActivityQuerySet

UPCOMING_DAYS = 14
SECTION_LIMIT = 200


def end_of_today(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min))


def start_of_today(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(local.date(), time.min))


def activity_list(
    user: Any,
    *,
    mine: bool = False,
    status: str | None = None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
    target: models.Model | None = None,
    assignee_id: int | None = None,
) -> ActivityQuerySet:
    """The activities ``user`` may see, filtered; soonest due first."""
    activities = Activity.objects.for_user(user).select_related("assignee", "created_by", "completed_by")
    if mine:
        activities = activities.filter(assignee_id=user.pk)
    if assignee_id is not None:
        activities = activities.filter(assignee_id=assignee_id)
    if status:
        activities = activities.filter(status=status)
    if due_before is not None:
        activities = activities.filter(due_at__lt=due_before)
    if due_after is not None:
        activities = activities.filter(due_at__gte=due_after)
    if target is not None:
        activities = activities.on(target)
    return activities.order_by("due_at", "id")


@dataclass
class RecordGroup:
    """The activities of one section of "my day" about one record."""

    record: Any
    label: str
    url: str
    activities: list[Activity] = field(default_factory=list)


def attach_targets(user: Any, activities: list[Activity]) -> None:
    """Give each activity ``record``, ``record_label`` and ``record_url`` (one query per kind of
    record; a record the user may not see is named by its kind only)."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for activity in activities:
        wanted[activity.content_type_id].add(activity.object_id)
    found: dict[tuple[int, int], Any] = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for visible in access.restrict(model._default_manager.filter(pk__in=ids), user):
            found[(content_type_id, visible.pk)] = visible
    for activity in activities:
        record = found.get((activity.content_type_id, activity.object_id))
        model = ContentType.objects.get_for_id(activity.content_type_id).model_class()
        activity.record = record  # type: ignore[attr-defined]
        activity.record_label = (  # type: ignore[attr-defined]
            str(record) if record is not None else str(model._meta.verbose_name if model else "")
        )
        activity.record_url = targets.record_url(record)  # type: ignore[attr-defined]


def _grouped(activities: list[Activity]) -> list[RecordGroup]:
    groups: dict[tuple[int, int], RecordGroup] = {}
    for activity in activities:
        key = (activity.content_type_id, activity.object_id)
        if key not in groups:
            groups[key] = RecordGroup(
                activity.record,  # type: ignore[attr-defined]
                activity.record_label,  # type: ignore[attr-defined]
                activity.record_url,  # type: ignore[attr-defined]
            )
        groups[key].activities.append(activity)
    return list(groups.values())


def my_day(user: Any, now: datetime | None = None) -> dict[str, list[RecordGroup]]:
    """The user's open activities: overdue, due today, and coming in the next two weeks, each
    section grouped by the record they are about."""
    now = now or timezone.now()
    today_ends = end_of_today(now)
    open_mine = activity_list(user, mine=True, status="open")
    overdue = list(open_mine.filter(due_at__lt=start_of_today(now))[:SECTION_LIMIT])
    today = list(open_mine.filter(due_at__gte=start_of_today(now), due_at__lt=today_ends)[:SECTION_LIMIT])
    upcoming = list(
        open_mine.filter(due_at__gte=today_ends, due_at__lt=today_ends + timedelta(days=UPCOMING_DAYS))[
            :SECTION_LIMIT
        ]
    )
    attach_targets(user, [*overdue, *today, *upcoming])
    return {"overdue": _grouped(overdue), "today": _grouped(today), "upcoming": _grouped(upcoming)}


def due_count(user: Any, now: datetime | None = None) -> int:
    """The user's open activities due by the end of today (overdue ones included)."""
    return Activity.objects.filter(assignee_id=user.pk, status="open", due_at__lt=end_of_today(now)).count()


def activities_on(user: Any, record: models.Model, *, closed: int = 5) -> dict[str, list[Activity]]:
    """The open activities on ``record`` the user may see, and the last few done or cancelled."""
    visible = activity_list(user, target=record)
    last_closed = visible.exclude(status="open").order_by("-completed_at", "-id").values("pk")[:closed]
    # one query for both: a record's page reads it on every view
    rows = list(visible.filter(Q(status="open") | Q(pk__in=last_closed))[: SECTION_LIMIT + closed])
    recent = sorted(
        (a for a in rows if a.status != "open"), key=lambda a: (a.completed_at or a.updated_at, a.pk)
    )
    return {"open": [a for a in rows if a.status == "open"], "closed": recent[::-1]}
