"""Access rules of the workspace's records.

An activity is seen by its assignee, by whoever scheduled it and by whoever may see the record
it is about; it is changed (done, cancelled, moved) by its assignee, whoever scheduled it and
whoever may change that record. Notifications, follows and e-mail preferences are their user's.
Managers and administrators see everything; portal users nothing (the workspace is staff's).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.workspace import targets
from catena.workspace.models import Activity, Follow, Notification, NotificationPreference

SEE_ALL = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
READ_ACTIONS = frozenset({access.VIEW, access.EXPORT})
WRITE_ACTIONS = frozenset({access.ADD, access.CHANGE})


def may_work(user: Any) -> bool:
    """Staff who may schedule and complete activities: every internal role but read-only."""
    return roles.is_internal(user) and roles.role_of(user) != Role.READ_ONLY


def _allowed(user: Any, action: str) -> bool:
    if not roles.is_internal(user):
        return False
    if action in READ_ACTIONS:
        return True
    return action in WRITE_ACTIONS and may_work(user)


class ActivityPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not _allowed(user, action):
            return False
        if not isinstance(obj, Activity) or roles.role_of(user) in SEE_ALL:
            return True
        if user.pk in (obj.assignee_id, obj.created_by_id):
            return True
        target = targets.load(obj.content_type_id, obj.object_id)
        target_action = access.VIEW if action in READ_ACTIONS else access.CHANGE
        return target is not None and access.can(user, target_action, target)

    def scope(self, user: Any, action: str) -> Q:
        if not _allowed(user, action):
            return access.NOTHING
        if roles.role_of(user) in SEE_ALL:
            return Q()
        target_action = access.VIEW if action in READ_ACTIONS else access.CHANGE
        return Q(assignee_id=user.pk) | Q(created_by_id=user.pk) | targets.visible_scope(user, target_action)


class OwnPolicy:
    """Rows that belong to one user (``user_field``); managers and administrators read them all."""

    def __init__(self, user_field: str) -> None:
        self.user_field = user_field

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        if not isinstance(obj, models.Model):  # the kind itself: anyone of the staff has their own
            return True
        if action in READ_ACTIONS and roles.role_of(user) in SEE_ALL:
            return True
        return bool(getattr(obj, f"{self.user_field}_id") == user.pk)

    def scope(self, user: Any, action: str) -> Q:
        if not roles.is_internal(user):
            return access.NOTHING
        if action in READ_ACTIONS and roles.role_of(user) in SEE_ALL:
            return Q()
        return Q(**{f"{self.user_field}_id": user.pk})


access.register(Activity, ActivityPolicy())
access.register(Follow, OwnPolicy("user"))
access.register(Notification, OwnPolicy("recipient"))
access.register(NotificationPreference, OwnPolicy("user"))
