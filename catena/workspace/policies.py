"""Access rules of the workspace's records.

An activity is seen by its assignee, by whoever scheduled it and by whoever may see the record
it is about; it is changed (done, cancelled, moved) by its assignee, whoever scheduled it and
whoever may change that record. Notifications, follows and e-mail preferences are their user's.
Managers and administrators see everything; portal users none of these.

Files and comments on a record are visible to whoever may see the record (the owning app's
policy answers, so a portal customer's own party and orders, a supplier's own purchase orders).
Portal users see only the files shared with the portal, and no comments. Staff who work on
records (every internal role but read-only) attach files and comment; the uploader or author,
or a manager or administrator, removes them; only its author edits a comment.

Activity plans are read and applied by all staff (applying one schedules activities, so it needs
that right too); administrators and managers create, change and retire them. Portal users see
none."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.workspace import targets
from catena.workspace.models import (
    Activity,
    ActivityPlan,
    ActivityPlanStep,
    Attachment,
    Comment,
    Follow,
    Notification,
    NotificationPreference,
)

SEE_ALL = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
READ_ACTIONS = frozenset({access.VIEW, access.EXPORT})
WRITE_ACTIONS = frozenset({access.ADD, access.CHANGE})
WRITERS = roles.INTERNAL_ROLES - {Role.READ_ONLY}
MANAGE_ANY = SEE_ALL
READS = READ_ACTIONS


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


def visible_targets(user: Any) -> Q:
    """The rows (of attachments or comments) whose record ``user`` may see."""
    return targets.visible_scope(user, access.VIEW, type_field="target_type_id", id_field="target_id")


def _sees_target(user: Any, obj: Any) -> bool:
    target = obj.target
    return target is not None and access.can(user, access.VIEW, target)


class AttachmentPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        role = roles.role_of(user)
        if isinstance(obj, type):
            if action == access.ADD:
                return role in WRITERS
            return action in READS and (roles.is_internal(user) or roles.is_portal(user))
        if obj.deleted_at is not None or not _sees_target(user, obj):
            return False
        if roles.is_portal(user):
            return action in READS and obj.shared_with_portal
        if action in READS:
            return roles.is_internal(user)
        if action in (access.CHANGE, access.DELETE):
            return role in MANAGE_ANY or (role in WRITERS and obj.uploaded_by_id == user.pk)
        return False

    def scope(self, user: Any, action: str) -> Q:
        role = roles.role_of(user)
        if roles.is_portal(user):
            if action not in READS:
                return access.NOTHING
            return Q(deleted_at__isnull=True, shared_with_portal=True) & visible_targets(user)
        if not roles.is_internal(user):
            return access.NOTHING
        if action in READS or (action in (access.CHANGE, access.DELETE) and role in MANAGE_ANY):
            return Q(deleted_at__isnull=True) & visible_targets(user)
        if action in (access.CHANGE, access.DELETE) and role in WRITERS:
            return Q(deleted_at__isnull=True, uploaded_by_id=user.pk) & visible_targets(user)
        return access.NOTHING


class CommentPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        role = roles.role_of(user)
        if not roles.is_internal(user):
            return False
        if isinstance(obj, type):
            return role in WRITERS if action == access.ADD else action in READS
        if obj.deleted_at is not None or not _sees_target(user, obj):
            return False
        if action in READS:
            return True
        if action == access.CHANGE:
            return role in WRITERS and obj.author_id == user.pk
        if action == access.DELETE:
            return role in MANAGE_ANY or (role in WRITERS and obj.author_id == user.pk)
        return False

    def scope(self, user: Any, action: str) -> Q:
        role = roles.role_of(user)
        if not roles.is_internal(user):
            return access.NOTHING
        present = Q(deleted_at__isnull=True)
        if action in READS or (action == access.DELETE and role in MANAGE_ANY):
            return present & visible_targets(user)
        if action in (access.CHANGE, access.DELETE) and role in WRITERS:
            return present & Q(author_id=user.pk) & visible_targets(user)
        return access.NOTHING


access.register(Attachment, AttachmentPolicy())
access.register(Comment, CommentPolicy())


class ActivityPlanPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        return action in READS or roles.role_of(user) in MANAGE_ANY

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, ActivityPlan) else access.NOTHING


access.register(ActivityPlan, ActivityPlanPolicy())
access.register(ActivityPlanStep, access.ChildPolicy(ActivityPlan, "plan"))
