"""The party list: filters, sorting, pagination, saved views, bulk actions, quick search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, safe_next
from catena.parties import saved_views, selectors
from catena.parties.forms.lists import BulkActionForm, PartyFilterForm, SavedViewForm
from catena.parties.models import Party, SavedView, Tag
from catena.parties.services.parties import assign_parties, tag_parties

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50
SEARCH_RESULTS = 10


def _page_size(request: HttpRequest) -> int:
    value = request.GET.get("per_page", "")
    return int(value) if value.isdecimal() and int(value) in PAGE_SIZES else DEFAULT_PAGE_SIZE


@internal_page
@require_GET
def party_list(request: HttpRequest) -> HttpResponse:
    """Every party the user may see. One view serves the whole page and, for htmx, the rows."""
    user = request.user
    filters = selectors.PartyFilter.from_params(request.GET)
    parties = selectors.party_list(user, filters)
    page = Paginator(parties, _page_size(request)).get_page(request.GET.get("page"))
    for party in page:
        party.can_change = access.can(user, access.CHANGE, party)  # type: ignore[attr-defined]
    params = filters.as_params()
    active = {k: v for k, v in params.items() if k != "sort"}
    context = {
        "page_obj": page,
        "filters": filters,
        "has_filters": bool(active),
        "filter_query": urlencode(params),
        "can_add": access.can(user, access.ADD, Party),
        "can_export": access.can(user, access.EXPORT, Party),
        "can_bulk": access.can(user, access.CHANGE, Party),
        "can_save_view": access.can(user, access.ADD, SavedView),
        "save_form": SavedViewForm(initial={"query": urlencode(params)}),
    }
    if is_fragment(request):
        # The address bar shows the clean filters, not every empty field of the form.
        shown = params | ({"page": str(page.number)} if page.number > 1 else {})
        if _page_size(request) != DEFAULT_PAGE_SIZE:
            shown["per_page"] = str(_page_size(request))
        response = render(request, "parties/party_list.html#rows", context)
        return push_url(response, f"{request.path}?{urlencode(shown)}" if shown else request.path)
    views = SavedView.objects.filter(list_name="party").for_user(user).select_related("owner")
    saved = []
    for view in views:
        view.querystring = urlencode(view.query)  # type: ignore[attr-defined]
        view.is_mine = view.owner_id == user.pk  # type: ignore[attr-defined]
        saved.append(view)
    context |= {
        "filter_form": PartyFilterForm(request.GET or None, user=user),
        "saved_views": saved,
        "bulk_form": BulkActionForm(user=user),
        "tag_names": Tag.objects.for_user(user).values_list("name", flat=True)[:500],
    }
    return render(request, "parties/party_list.html", context)


@internal_page
@require_POST
def party_bulk(request: HttpRequest) -> HttpResponse:
    """Tag or assign the checked parties. Rows the user may not change refuse the whole request."""
    user = acting_user(request)
    form = BulkActionForm(request.POST, user=user)
    back = safe_next(request, request.POST.get("next", ""), reverse("parties:party_list"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    ids = set(form.cleaned_data["ids"])
    chosen = list(Party.objects.filter(pk__in=ids).for_user(user))
    if len(chosen) != len(ids) or not all(access.can(user, access.CHANGE, p) for p in chosen):
        raise PermissionDenied(_("You may not change some of the selected parties."))
    try:
        with refused_as_403():
            if form.cleaned_data["action"] == BulkActionForm.ADD_TAG:
                tag = form.cleaned_data["tag"].strip()
                count = tag_parties(chosen, actor=user, tag_names=[tag])
                messages.success(
                    request,
                    ngettext(
                        "Tag “%(tag)s” added to %(count)d party.",
                        "Tag “%(tag)s” added to %(count)d parties.",
                        count,
                    )
                    % {"tag": tag, "count": count},
                )
            else:
                owner = form.cleaned_data["owner"]
                count = assign_parties(chosen, actor=user, owner=owner)
                messages.success(
                    request,
                    ngettext("%(count)d party assigned.", "%(count)d parties assigned.", count)
                    % {"count": count},
                )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(back)


@internal_page
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    """Save the list's current filters under a name, for oneself or for everyone."""
    form = SavedViewForm(request.POST)
    query = ""
    if form.is_valid():
        filters = selectors.PartyFilter.from_params(QueryDict(form.cleaned_data["query"]))
        query = urlencode(filters.as_params())
        try:
            with refused_as_403():
                view = saved_views.save_view(
                    actor=acting_user(request),
                    name=form.cleaned_data["name"],
                    query=filters.as_params(),
                    is_shared=form.cleaned_data["is_shared"],
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    else:
        messages.error(request, _("Give the view a name."))
    return redirect(reverse("parties:party_list") + (f"?{query}" if query else ""))


@internal_page
@require_POST
@gate.record(SavedView, action=access.DELETE)
def saved_view_delete(request: HttpRequest, view: SavedView) -> HttpResponse:
    """Delete one of one's own saved views; another user's view is a 404."""
    with refused_as_403():
        saved_views.delete_view(view, actor=acting_user(request))
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("parties:party_list")


@internal_page
@require_GET
def party_search(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type for pickers: the first few parties whose name, code or contact matches."""
    q = request.GET.get("q", "").strip()[:100]
    results: list[tuple[int, str]] = []
    if q:
        found = selectors.party_list(request.user, selectors.PartyFilter(q=q)).prefetch_related(None)
        exclude = request.GET.get("exclude", "")
        if exclude.isdecimal():
            found = found.exclude(pk=int(exclude))
        results = list(found.select_related(None).values_list("pk", "name")[:SEARCH_RESULTS])
    return render(request, "parties/parts/search_results.html", {"results": results, "q": q})
