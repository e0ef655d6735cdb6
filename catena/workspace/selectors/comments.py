"""Reads of comments, and the colleagues a comment may @mention."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from catena.accounts import roles
from catena.accounts.models import User
from catena.workspace.models import Comment
from catena.workspace.models.comments import CommentQuerySet
from catena.workspace.services.comments import mentionable

MAX_CANDIDATES = 8


def comments_on(user: Any, record: models.Model) -> CommentQuerySet:
    """The comments on ``record`` that ``user`` may see, oldest first, with their mentions."""
    return Comment.objects.on(record).for_user(user).select_related("author").prefetch_related("mentions")


def mention_candidates(record: models.Model, query: str) -> list[User]:
    """The colleagues whose username or name starts with ``query`` and who may see ``record``:
    the people a comment on it may @mention. Not the user list (which only administrators
    read): only the usernames and names of active staff who see the same record."""
    query = query.strip().lstrip("@")[:50]
    matches = (
        Q(username__istartswith=query) | Q(first_name__istartswith=query) | Q(last_name__istartswith=query)
    )
    if not query:
        matches = Q()
    staff = User.objects.filter(matches, is_active=True, role__in=sorted(roles.INTERNAL_ROLES))
    found = []
    for user in staff.order_by("username")[: MAX_CANDIDATES * 4]:
        if mentionable(user, record):
            found.append(user)
            if len(found) == MAX_CANDIDATES:
                break
    return found
