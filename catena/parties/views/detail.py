"""The party page: a header and tabs (profile, contacts, addresses, relationships, chain,
timeline, history). One view serves the whole page and, for htmx, just the tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET

from catena.accounts.views import internal_page
from catena.core import access, gate
from catena.core.gate import is_fragment
from catena.core.history import history_entries
from catena.parties import overview, selectors
from catena.parties.choices import PartyRoleType
from catena.parties.forms.parts import RelationshipForm
from catena.parties.models import Address, Contact, ContactPoint, CustomField, Party, Relationship

# The party's own tabs, with their place among the tabs other apps register
# (catena.parties.overview: orders 30–32, quotes and opportunities 34–35, activities and files 40–41).
TABS = (
    ("profile", pgettext_lazy("party tab", "Profile"), 0),
    ("contacts", _("Contacts"), 10),
    ("addresses", _("Addresses"), 20),
    ("relationships", _("Relationships"), 60),
    ("chain", _("Chain"), 70),
    ("timeline", _("Timeline"), 80),
    ("history", _("History"), 90),
)
HISTORY_LIMIT = 100


def _profile(request: HttpRequest, party: Party) -> dict[str, Any]:
    labels = {f.key: f.label for f in CustomField.objects.for_user(request.user)}
    custom = [(labels.get(key, key), value) for key, value in (party.custom_fields or {}).items()]
    return {"custom_values": custom}


def _contacts(request: HttpRequest, party: Party) -> dict[str, Any]:
    own_points = [p for p in party.contact_points.all() if p.contact_id is None]
    return {"own_points": own_points}


def _relationships(request: HttpRequest, party: Party) -> dict[str, Any]:
    links = list(selectors.relationships_of(request.user, party))
    for link in links:
        link.can_delete = access.can(request.user, access.DELETE, link)  # type: ignore[attr-defined]
    return {
        "upstream": [r for r in links if r.to_party_id == party.pk],
        "downstream": [r for r in links if r.from_party_id == party.pk],
        "can_add_relationship": access.can(request.user, access.ADD, Relationship),
        "relationship_form": RelationshipForm(),
    }


# A group with more members than this starts collapsed in the chain graph.
CHAIN_COLLAPSE_ABOVE = 8


def _chain(request: HttpRequest, party: Party) -> dict[str, Any]:
    graph = selectors.chain_graph(request.user, party)
    role_labels = {str(code): str(label) for code, label in PartyRoleType.choices}
    role_labels[selectors.OTHER_GROUP] = str(pgettext_lazy("party role", "Other"))
    separator = pgettext("list separator", ", ")
    kinds = dict(Relationship._meta.get_field("kind").flatchoices)
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    links: dict[int, list[str]] = {}
    for edge in graph["edges"]:
        edge["label"] = str(kinds.get(edge["kind"], edge["kind"]))
        for end, other in ((edge["source"], edge["target"]), (edge["target"], edge["source"])):
            if end != party.pk:
                who = _("this party") if other == party.pk else names[other]
                links.setdefault(end, []).append(f"{edge['label']} · {who}")
    groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for node in graph["nodes"]:
        node["url"] = reverse("parties:party_detail", args=[node["id"]])
        if node["id"] != party.pk:
            node["links"] = links.get(node["id"], [])
            node["role_labels"] = separator.join(role_labels.get(r, r) for r in node["roles"])
            groups.setdefault((node["level"], node["group"]), []).append(node)
    order = [*role_labels]
    listed = [
        {
            "level": level,
            "role": role,
            "label": role_labels.get(role, role),
            "members": sorted(members, key=lambda n: n["name"]),
        }
        for (level, role), members in sorted(groups.items(), key=lambda g: (g[0][0], order.index(g[0][1])))
    ]
    graph["roles"] = [{"code": code, "label": label} for code, label in role_labels.items()]
    graph["center"] = party.pk
    graph["collapse_above"] = CHAIN_COLLAPSE_ABOVE
    present = {role for _level, role in groups}
    return {
        "chain": graph,
        "chain_size": len(graph["nodes"]),
        "chain_partners": len(graph["nodes"]) - 1,
        "chain_groups": listed,
        "chain_roles": [r for r in graph["roles"] if r["code"] in present],
    }


def _history(request: HttpRequest, party: Party) -> dict[str, Any]:
    records = [
        Party.history.filter(id=party.pk),
        Contact.history.filter(party_id=party.pk),
        Address.history.filter(party_id=party.pk),
        ContactPoint.history.filter(party_id=party.pk),
    ]
    return {
        "history": history_entries(records, limit=HISTORY_LIMIT, skip=("party", "role_mask")),
        "history_limit": HISTORY_LIMIT,
    }


def _nothing(request: HttpRequest, party: Party) -> dict[str, Any]:
    return {}


TAB_CONTEXT: dict[str, Callable[[HttpRequest, Party], dict[str, Any]]] = {
    "profile": _profile,
    "contacts": _contacts,
    "addresses": _nothing,
    "relationships": _relationships,
    "chain": _chain,
    "timeline": _nothing,
    "history": _history,
}


def tabs_of(party: Party) -> list[tuple[str, Any]]:
    """(name, label) of every tab the party's page shows, in order."""
    own = [(order, name, label) for name, label, order in TABS]
    added = [(t.order, t.name, t.label) for t in overview.tabs_for(party)]
    return [(name, label) for _order, name, label in sorted([*own, *added], key=lambda t: t[0])]


def tab_context(request: HttpRequest, party: Party, tab: str) -> dict[str, Any]:
    user = request.user
    tabs = tabs_of(party)
    if tab not in {name for name, _label in tabs}:
        tab = "profile"
    added = overview.tab_named(tab) if tab not in TAB_CONTEXT else None
    return {
        "party": party,
        "tab": tab,
        "tabs": tabs,
        "tab_template": added.template if added else f"parties/tabs/{tab}.html",
        "tab_rows": overview.TAB_ROWS,
        "can_change": access.can(user, access.CHANGE, party),
        "can_delete": access.can(user, access.DELETE, party),
        **(added.context(request, party) if added else TAB_CONTEXT[tab](request, party)),
    }


def render_tabs(request: HttpRequest, party_id: int, tab: str) -> HttpResponse:
    """The tabs of a party freshly read (after an inline form changed something)."""
    party = gate.visible_or_404(request.user, selectors.party_detail, party_id)
    return render(request, "parties/party_detail.html#tabs", tab_context(request, party, tab))


@internal_page
@require_GET
@gate.record(selectors.party_detail)
def party_detail(request: HttpRequest, party: Party) -> HttpResponse:
    context = tab_context(request, party, request.GET.get("tab", "profile"))
    if is_fragment(request):
        return render(request, "parties/party_detail.html#tabs", context)
    context["overview"] = overview.cards_for(request.user, party)
    return render(request, "parties/party_detail.html", context)
