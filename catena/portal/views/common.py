"""What every portal page shares: the gate (a signed-in portal user with access to the section),
rendering with the party and the navigation, and paging.

Signed-out visitors go to sign-in; internal staff are sent to the internal site; a user with a
portal role but no portal access (or a user with no role at all) gets 403; a section the party
does not open is a 404 (the rules are ``portal.policies``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from catena.accounts import roles
from catena.portal.policies import PortalContext, portal_context

PAGE_SIZE = 25


def paginate(request: HttpRequest, rows: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request for a piece of a page (not a boosted whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]


def portal_of(request: HttpRequest) -> PortalContext:
    """The portal context the gate put on a request."""
    return cast(PortalContext, request.portal)  # type: ignore[attr-defined]


def portal_page(view: Callable[..., HttpResponseBase] | None = None, *, section: str | None = None) -> Any:
    """Let only portal users with access through (to ``section`` if given, else 404).

    ``@portal_page`` or ``@portal_page(section=ORDERS)``."""

    def decorate(func: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles.is_internal(user):
                return redirect("insights:home")
            context = portal_context(user)
            if context is None:
                raise PermissionDenied
            if section is not None and not context.has(section):
                raise Http404
            request.portal = context  # type: ignore[attr-defined]
            return func(request, *args, **kwargs)

        return wrapper

    if view is not None:
        return decorate(view)
    return decorate


def render_portal(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    nav: str = "",
    status: int = 200,
) -> HttpResponse:
    """Render a portal template with the party and the navigation."""
    data = {"portal": portal_of(request), "portal_nav": nav, **(context or {})}
    return render(request, template, data, status=status)
