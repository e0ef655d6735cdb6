"""The counts in the top navigation: unread notifications and activities due today."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from catena.accounts import roles
from catena.workspace import selectors


def workspace_counts(request: HttpRequest) -> dict[str, Any]:
    """Lazy, so a page that shows no navigation (or a template that never reads them) runs no
    query; each is computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not roles.is_internal(user):
        return {}
    return {
        "unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user)),
        "due_activities": SimpleLazyObject(lambda: selectors.due_count(user)),
    }
