"""The access gate as pages and API endpoints meet it: who is asking, look-ups that answer 404
outside the caller's scope, and refusals.

Every app's views and endpoints use these instead of keeping their own copies, so a record out
of scope looks the same everywhere (404, whether it exists or not) and a refusal by a service
(which has written nothing) is always a 403.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from catena.core import access

M = TypeVar("M", bound=models.Model)


def actor_of(request: HttpRequest) -> Any:
    """The authenticated caller (the session or the API's auth classes have put a user there)."""
    return cast(Any, request.user)


def not_found() -> HttpError:
    """The API's answer for a record that does not exist or that the caller may not see."""
    return HttpError(404, _("Not found."))


def visible_or_404(user: Any, records: type[M] | models.QuerySet[M], pk: Any, action: str = access.VIEW) -> M:
    """The record ``pk`` if ``user`` may ``action`` it; otherwise 404, whether it exists or not."""
    queryset = records._default_manager.all() if isinstance(records, type) else records
    found = access.restrict(queryset, user, action).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def require(request: HttpRequest, action: str, obj: Any) -> None:
    """403 unless the access policy lets the user do ``action`` on ``obj``."""
    if not access.can(request.user, action, obj):
        raise PermissionDenied


@contextmanager
def refused_as_403() -> Iterator[None]:
    """A service that refuses the actor has written nothing; answer 403."""
    try:
        yield
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc


def safe_next(request: HttpRequest, value: str, default: str) -> str:
    """``value`` if it points back into this site, else ``default`` (no open redirects)."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return default


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request that wants a piece of a page (not a boosted whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]
