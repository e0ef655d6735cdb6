"""Small helpers the party pages share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from catena.core import access
from catena.parties import selectors
from catena.parties.models import Party


def visible_party(request: HttpRequest, pk: int) -> Party:
    """The party with everything its page shows, or 404 when the user may not see it."""
    party = selectors.party_detail(request.user, pk)
    if party is None:
        raise Http404
    return party


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
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return default


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request that wants a piece of a page (not a boosted whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]
