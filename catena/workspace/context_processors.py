"""The counts in the top navigation: unread notifications and activities due by tonight."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from catena.accounts import roles
from catena.workspace import selectors


def workspace_counts(request: HttpRequest) -> dict[str, Any]:
    """``workspace_counts.unread`` and ``workspace_counts.due``: lazy, so a page that draws no
    navigation runs no query, and read in one query the first time a page asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not roles.is_internal(user):
        return {}
    return {"workspace_counts": SimpleLazyObject(lambda: selectors.navigation_counts(user))}
