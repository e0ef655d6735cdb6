"""Access rules of the workspace's records.

Files and comments on a record are visible to whoever may see the record (the owning app's
policy answers, so a portal customer's own party and orders, a supplier's own purchase orders).
Portal users see only the files shared with the portal, and no comments. Staff who work on
records (every internal role but read-only) attach files and comment; the uploader or author,
or a manager or administrator, removes them; only its author edits a comment."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.workspace.models import Attachment, Comment
from catena.workspace.targets import target_models

WRITERS = roles.INTERNAL_ROLES - {Role.READ_ONLY}
MANAGE_ANY = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
READS = frozenset({access.VIEW, access.EXPORT})


def visible_targets(user: Any) -> Q:
    """The rows (of attachments or comments) whose record ``user`` may see."""
    parts = []
    for model in target_models():
        inner = access.scope(user, access.VIEW, model)
        if inner == access.NOTHING:
            continue
        content_type = ContentType.objects.get_for_model(model)
        if inner == Q():
            parts.append(Q(target_type_id=content_type.pk))
        else:
            visible = model._default_manager.filter(inner).values("pk")
            parts.append(Q(target_type_id=content_type.pk, target_id__in=visible))
    return reduce(or_, parts) if parts else access.NOTHING


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
