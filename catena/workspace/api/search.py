"""REST endpoints of search everywhere."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router

from catena.core.api_schemas import with_errors
from catena.core.gate import actor_of
from catena.workspace import errors, search
from catena.workspace.schemas.search import SearchOut, SearchParams

router = Router(tags=["search"])


def parse_kinds(value: str) -> list[str] | None:
    """The kinds named in ``value`` (comma-separated), ``None`` for all; a field error for a
    kind the search does not know."""
    wanted = [k.strip() for k in value.split(",") if k.strip()]
    unknown = sorted(set(wanted) - set(search.kinds()))
    if unknown:
        error = ValidationError(str(errors.SEARCH_UNKNOWN_KIND.message), code=errors.SEARCH_UNKNOWN_KIND.code)
        raise ValidationError({"kinds": error})
    return wanted or None


@router.get("", response=with_errors({200: SearchOut}), summary="Search everywhere")
def search_everywhere(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """Records of every kind the caller may see that match `q`, grouped by kind, at most `limit`
    per kind (`has_more` says when more match; no counts). Portal users find only their own
    party's records. A blank `q` or an unknown kind is a 422 naming the field."""
    query = search.clean_query(params.q)
    if not query:
        error = ValidationError(str(errors.SEARCH_BLANK.message), code=errors.SEARCH_BLANK.code)
        raise ValidationError({"q": error})
    groups = search.search(actor_of(request), query, only=parse_kinds(params.kinds), limit=params.limit)
    return {"query": query, "groups": [asdict(g) for g in groups]}
