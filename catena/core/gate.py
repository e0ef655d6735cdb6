"""The access gate as pages and API endpoints meet it: who is asking, look-ups that answer 404
outside the caller's scope, and refusals.

Every app's views and endpoints use these instead of keeping their own copies, so a record out
of scope looks the same everywhere (404, whether it exists or not) and a refusal by a service
(which has written nothing) is always a 403.

Rows are read with ``Model.objects.for_user(user, action)`` (or a selector); one record by its id
with the helpers below, which take the same ``records`` (see :func:`find`):

* a page about one record: ``@gate.record(Model, pk="pk")`` hands the view the record instead of
  its id; ``require=access.CHANGE`` adds the 403 for a record the user sees but may not change;
* a page whose id comes from elsewhere (a query parameter): ``gate.visible_or_404(user, …)``;
* an API operation: ``gate.api_record(request, Model, record_id)``, the API's 404;
* a reference in input, which answers a field error rather than a 404: ``gate.find(user, …)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, Concatenate, TypeAlias, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from catena.core import access

M = TypeVar("M", bound=models.Model)

# What a look-up reads from: a model, a queryset of it (``select_related``…), or a selector
# ``(user, pk) -> record | None`` that itself starts from the gate (``parties.selectors.party_detail``).
Records: TypeAlias = type[M] | models.QuerySet[M] | Callable[[Any, Any], M | None]


def actor_of(request: HttpRequest) -> Any:
    """The authenticated caller (the session or the API's auth classes have put a user there)."""
    return cast(Any, request.user)


def not_found() -> HttpError:
    """The API's answer for a record that does not exist or that the caller may not see."""
    return HttpError(404, _("Not found."))


def find(user: Any, records: Records[M], pk: Any, action: str = access.VIEW) -> M | None:
    """The record ``pk`` of ``records`` if ``user`` may ``action`` it, else None. A selector
    answers for the view scope only."""
    if isinstance(records, models.QuerySet):
        queryset = records
    elif isinstance(records, type):
        queryset = cast("type[M]", records)._default_manager.all()
    elif action == access.VIEW:
        return cast("Callable[[Any, Any], M | None]", records)(user, pk)
    else:
        raise TypeError("a selector answers for the view scope only")
    return access.restrict(queryset, user, action).filter(pk=pk).first()


def visible_or_404(user: Any, records: Records[M], pk: Any, action: str = access.VIEW) -> M:
    """The record ``pk`` if ``user`` may ``action`` it; otherwise 404, whether it exists or not."""
    found = find(user, records, pk, action)
    if found is None:
        raise Http404
    return found


def api_record(request: HttpRequest, records: Records[M], pk: Any, action: str = access.VIEW) -> M:
    """The API's :func:`visible_or_404`: the record, or the API's 404 (:func:`not_found`)."""
    found = find(actor_of(request), records, pk, action)
    if found is None:
        raise not_found()
    return found


def record(
    records: Records[M], *, pk: str = "pk", action: str = access.VIEW, require: str | None = None
) -> Callable[[Callable[Concatenate[HttpRequest, M, ...], HttpResponse]], Callable[..., HttpResponse]]:
    """A page about one record: the view is called with the record in place of the URL's ``pk``
    argument, read through the gate (404 outside the user's ``action`` scope, whether it exists or
    not). With ``require``, a record the user sees but may not ``require`` is a 403.

    Put it under the page's other decorators (sign-in and methods are checked first)::

        @internal_page
        @require_http_methods(["GET", "POST"])
        @gate.record(Product, require=access.CHANGE)
        def product_edit(request: HttpRequest, product: Product) -> HttpResponse: ...
    """

    def decorate(
        view: Callable[Concatenate[HttpRequest, M, ...], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @wraps(view)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            found = visible_or_404(request.user, records, kwargs.pop(pk), action)
            if require is not None and not access.can(request.user, require, found):
                raise PermissionDenied
            return view(request, found, *args, **kwargs)

        return page

    return decorate


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
