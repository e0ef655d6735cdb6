"""The API's URL tree answers every path exactly as ninja's flat list of patterns would."""

from __future__ import annotations

import re

from django.urls import URLResolver, path
from django.urls.resolvers import RegexPattern

from catena.api import api, url_tree


def _sample(route: str) -> str:
    """A concrete path for ``route``: each ``<converter:name>`` filled with a number."""
    return re.sub(r"<[^>]+>", "7", route)


def test_every_operation_resolves_to_the_same_view_through_the_tree() -> None:
    patterns, _app, _namespace = api.urls
    flat = URLResolver(RegexPattern(r"^/"), [path("api/v1/", api.urls)])
    tree = URLResolver(RegexPattern(r"^/"), [path("api/v1/", url_tree(api))])
    assert len(patterns) > 100
    for pattern in patterns:
        url = "/api/v1/" + _sample(str(pattern.pattern))
        expected, found = flat.resolve(url), tree.resolve(url)
        assert (found._func_path, found.kwargs, found.url_name) == (
            expected._func_path,
            expected.kwargs,
            expected.url_name,
        ), url


def test_names_reverse_to_the_same_paths() -> None:
    from django.urls import reverse

    assert reverse("api-1:get_order", args=[5]) == "/api/v1/orders/5"
    assert reverse("api-1:list_parties") == "/api/v1/parties/"
    assert reverse("api-1:openapi-json") == "/api/v1/openapi.json"
