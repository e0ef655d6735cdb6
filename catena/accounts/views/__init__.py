"""The accounts pages, by topic: ``signin`` (sign-in, password, "My account" and its tokens).

This module holds the gates every page goes through: :class:`InternalPageMixin` (class views) and
:func:`internal_page` (function views) ask for a signed-in internal user; portal users get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from catena.accounts import roles
from catena.accounts.models import User

# --- the gate of internal pages ---------------------------------------------------------------


def ensure_internal(request: HttpRequest) -> None:
    """Internal pages are for staff: a portal user (or a user without a role) gets 403."""
    if not roles.is_internal(request.user):
        raise PermissionDenied


class InternalPageMixin(AccessMixin):
    """Sign-in required; portal users are refused (403)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        ensure_internal(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user behind a page that required sign-in, typed as our ``User``."""
    return cast(User, request.user)


def internal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The function-view form of :class:`InternalPageMixin`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ensure_internal(request)
        return view(request, *args, **kwargs)

    return wrapper
