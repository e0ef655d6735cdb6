"""Pages of the workspace: search everywhere, as the palette's JSON and as a page of its own
(for browsers without JavaScript, and the palette's "all results")."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from catena.accounts.views import acting_user, internal_page
from catena.workspace import search


@internal_page
@require_GET
def search_results(request: HttpRequest) -> JsonResponse:
    """The palette's answer: the records found, grouped by kind, and the commands that match."""
    user = acting_user(request)
    query = search.clean_query(request.GET.get("q"))
    groups = search.search(user, query)
    page_url = f"{reverse('workspace:search_page')}?{urlencode({'q': query})}" if query else ""
    return JsonResponse(
        {
            "query": query,
            "groups": [asdict(g) for g in groups],
            "commands": [asdict(c) for c in search.commands(user, query)],
            "page_url": page_url,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@internal_page
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Every kind's results for the query, up to a page each, with links to the full lists."""
    user = acting_user(request)
    query = search.clean_query(request.GET.get("q"))
    context = {
        "q": query,
        "groups": search.search(user, query, limit=search.PAGE_LIMIT),
        "commands": search.commands(user, query) if query else [],
    }
    return render(request, "workspace/search_page.html", context)
