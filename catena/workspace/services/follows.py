"""Following a record: hearing of its changes though it is not one's own."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from catena.core import access
from catena.workspace import targets
from catena.workspace.models import Follow


def _reference(target: models.Model) -> dict[str, Any]:
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


@transaction.atomic
def follow(target: models.Model, *, actor: Any) -> Follow:
    """Follow ``target`` (again: nothing changes). The actor must be staff who may see it."""
    if not access.can(actor, access.ADD, Follow) or not access.can(actor, access.VIEW, target):
        raise access.PermissionDenied(access.ADD, Follow)
    if targets.kind_for(target) is None:
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
    found, _created = Follow.objects.get_or_create(user=actor, **_reference(target))
    return found


@transaction.atomic
def unfollow(target: models.Model, *, actor: Any) -> bool:
    """Stop following ``target``; whether the actor followed it."""
    deleted, _rows = Follow.objects.filter(user_id=actor.pk, **_reference(target)).delete()
    return bool(deleted)


@transaction.atomic
def drop_follow(found: Follow, *, actor: Any) -> None:
    """Delete one of the actor's follows (also when its record is gone)."""
    if found.user_id != getattr(actor, "pk", None):
        raise access.PermissionDenied(access.DELETE, found)
    Follow.objects.filter(pk=found.pk).delete()


def is_following(user: Any, target: models.Model) -> bool:
    return Follow.objects.for_user(user).filter(user_id=user.pk, **_reference(target)).exists()


def followers_of(target: models.Model) -> list[int]:
    """The users following ``target`` (for the notification rules, which check visibility)."""
    return list(Follow.objects.filter(**_reference(target)).values_list("user_id", flat=True))
