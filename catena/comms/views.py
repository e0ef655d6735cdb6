"""The interaction list and a party's timeline (shown inside the party page)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from catena.accounts.views import acting_user, internal_page
from catena.comms import selectors, services
from catena.comms.choices import Channel, InteractionKind
from catena.comms.forms import QUICK_CHANNELS, InteractionFilterForm, LogInteractionForm
from catena.comms.models import Interaction
from catena.core import access, gate
from catena.parties.models import Party

PAGE_SIZE = 50
TIMELINE_SIZE = 30
KIND_FILTERS = (
    (InteractionKind.EXCHANGE.value, _("Exchanges only")),
    (InteractionKind.SYSTEM.value, _("System entries only")),
)


@internal_page
@require_GET
def interaction_list(request: HttpRequest) -> HttpResponse:
    """Every interaction the user may see, newest first, with filters."""
    form = InteractionFilterForm(request.GET or None, user=request.user)
    filters = form.selector_filters() if request.GET else {}
    interactions = selectors.interaction_list(request.user, **filters)
    page = Paginator(interactions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
    }
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "comms/interaction_list.html#rows", context)
    return render(request, "comms/interaction_list.html", context)


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(Party, pk="party_id")
def party_timeline(request: HttpRequest, party: Party) -> HttpResponse:
    """A party's timeline, newest first: exchanges and system entries, filterable by kind
    (``?kind=exchange|system``) and channel, with the "log" form.

    htmx loads it into the party page's timeline tab; a plain request gets it as a page."""
    can_log = access.can(request.user, access.ADD, Interaction)
    form = None
    if request.method == "POST":
        if not can_log:
            raise PermissionDenied
        form = LogInteractionForm(request.POST, party=party)
        if form.is_valid():
            try:
                services.log_interaction(party, actor=acting_user(request), **_arguments(form))
            except access.PermissionDenied as exc:
                raise PermissionDenied from exc
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form = None
    channel = request.GET.get("channel", "")
    channel = channel if channel in Channel.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in InteractionKind.values else ""
    filters = {key: value for key, value in (("kind", kind), ("channel", channel)) if value}
    quick = request.GET.get("log", "")
    if form is None:
        initial = {"channel": quick} if quick in Channel.values else {}
        form = LogInteractionForm(party=party, initial=initial)
    items = list(selectors.timeline(request.user, party, channel=channel, kind=kind)[: TIMELINE_SIZE + 1])
    context = {
        "party": party,
        "items": items[:TIMELINE_SIZE],
        "has_more": len(items) > TIMELINE_SIZE,
        "more_query": urlencode({"party": party.pk, **filters}),
        "filter_query": urlencode(filters),
        "channel": channel,
        "channels": [
            (code, label, urlencode({**filters, "channel": code})) for code, label in Channel.choices
        ],
        "all_channels_query": urlencode({k: v for k, v in filters.items() if k != "channel"}),
        "kind": kind,
        "kinds": [
            (code, label, urlencode({k: v for k, v in {**filters, "kind": code}.items() if v}))
            for code, label in [("", _("All")), *KIND_FILTERS]
        ],
        "quick_channels": [(c.value, c.label) for c in QUICK_CHANNELS],
        "form": form,
        "can_log": can_log,
        "form_open": bool(quick) or form.is_bound,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "comms/party_timeline.html", context)
    return render(request, "comms/party_timeline_page.html", context)


def _arguments(form: LogInteractionForm) -> dict[str, Any]:
    data = form.cleaned_data
    arguments: dict[str, Any] = {
        "channel": data["channel"],
        "direction": data["direction"],
        "subject": data["subject"],
        "body": data["body"],
        "contact": data["contact"],
    }
    if data["occurred_at"]:
        arguments["occurred_at"] = data["occurred_at"]
    return arguments
