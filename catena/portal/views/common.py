"""What every portal page shares: the gate (a signed-in portal user with access to the section),
rendering with the party and the navigation, paging, finding one of the party's records, and
posting a form to a use case.

Signed-out visitors go to sign-in; internal staff are sent to the internal site; a user with a
portal role but no portal access (or a user with no role at all) gets 403; a section the party
does not open is a 404 (the rules are ``portal.policies``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access
from catena.core.versions import StaleVersion
from catena.parties.models import Party
from catena.portal.forms import apply_service_errors
from catena.portal.policies import PortalContext, portal_context

PAGE_SIZE = 25
T = TypeVar("T")
FormT = TypeVar("FormT", bound=forms.Form)


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


def render_list(request: HttpRequest, template: str, context: dict[str, Any], *, nav: str) -> HttpResponse:
    """A list page, or only its rows (the ``#rows`` partial) for an htmx request."""
    if is_fragment(request):
        template += "#rows"
    return render_portal(request, template, context, nav=nav)


def party_record_or_404(request: HttpRequest, find: Callable[[User, Party, int], T | None], pk: int) -> T:
    """The record ``find`` gives the portal user among their party's records; another party's
    record is a 404, as if it did not exist."""
    portal = portal_of(request)
    found = find(portal.user, portal.party, pk)
    if found is None:
        raise Http404
    return found


def post_form(
    request: HttpRequest,
    form: FormT,
    write: Callable[[dict[str, Any]], object],
    *,
    invalid: Callable[[FormT], HttpResponse],
    changed: Callable[[], HttpResponse] | None = None,
    changed_message: str = "",
    field_names: Mapping[str, str] | None = None,
) -> HttpResponse | None:
    """Check ``form``, then hand its data to ``write``, which calls a use case as the portal user.

    None once written; otherwise the answer to give. Bad input, or input the use case refuses,
    comes back as ``invalid(form)`` with the errors on the form's fields (the use case's field
    names translated by ``field_names``). A use case that refuses access is a 404, as for another
    party's record. With ``changed``, a record that changed since the form was shown gives the
    warning ``changed_message`` and ``changed()``: nothing was written."""
    if not form.is_valid():
        return invalid(form)
    try:
        write(form.cleaned_data)
    except access.PermissionDenied as exc:
        raise Http404 from exc
    except StaleVersion:
        if changed is None:
            raise
        messages.warning(request, changed_message)
        return changed()
    except ValidationError as exc:
        apply_service_errors(form, exc, field_names)
        return invalid(form)
    return None
