"""A party's relationships and the chain of parties around it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from catena.core import access
from catena.parties.choices import PartyRoleType, roles_in_mask
from catena.parties.models import Party, Relationship


def relationships_of(user: Any, party: Party) -> QuerySet[Relationship]:
    qs = access.restrict(Relationship.objects.all(), user, access.VIEW)
    return (
        (qs.filter(from_party=party) | qs.filter(to_party=party))
        .select_related("from_party", "to_party", "contract")
        .order_by("kind", "id")
    )


# The role a partner is grouped under when it plays several: the one its link to the party names
# (a carrier that ships for us is a carrier here, even if it also buys), else the first it plays.
KIND_ROLE = {
    "supplies": "supplier",
    "manufactures_for": "manufacturer",
    "distributes_to": "distributor",
    "sells_to": "retailer",
    "ships_for": "carrier",
    "services": "service_partner",
}
ROLE_ORDER = [str(code) for code in PartyRoleType.values]
OTHER_GROUP = "other"


def group_of(roles: list[str], kinds: list[str]) -> str:
    """The role a partner is grouped under in the chain view (``other`` when it plays none)."""
    for kind in kinds:
        role = KIND_ROLE.get(kind)
        if role in roles:
            return role
    ordered = sorted(roles, key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER))
    return ordered[0] if ordered else OTHER_GROUP


def chain_graph(user: Any, party: Party, *, depth: int = 2, limit: int = 200) -> dict[str, Any]:
    """Upstream and downstream partners of ``party`` up to ``depth`` links away, as nodes and
    edges for a graph. Each node carries its level (negative upstream, positive downstream) and
    the role it is grouped under.

    Partners are read through the gate: one the user may not see is left out, with its links, and
    the chain is not followed through it. Three queries per level, whatever the number of
    partners."""
    links = access.restrict(Relationship.objects.all(), user, access.VIEW)
    parties = Party.objects.for_user(user, access.VIEW)
    nodes: dict[int, dict[str, Any]] = {
        party.pk: {"id": party.pk, "name": party.name, "level": 0, "roles": party.role_list}
    }
    edges: dict[tuple[int, int, str], None] = {}
    kinds_of: dict[int, list[str]] = {}
    frontier_up, frontier_down = {party.pk}, {party.pk}
    for level in range(1, depth + 1):
        found: list[tuple[int, int, str, int]] = []  # source, target, kind, the partner's level
        if frontier_up:
            rows = links.filter(to_party_id__in=frontier_up).values_list(
                "from_party_id", "to_party_id", "kind"
            )
            found += [(src, dst, kind, -level) for src, dst, kind in rows[:limit]]
        if frontier_down:
            rows = links.filter(from_party_id__in=frontier_down).values_list(
                "from_party_id", "to_party_id", "kind"
            )
            found += [(src, dst, kind, level) for src, dst, kind in rows[:limit]]
        new = {src if lvl < 0 else dst for src, dst, _kind, lvl in found} - nodes.keys()
        visible = {
            pk: (name, mask)
            for pk, name, mask in parties.filter(pk__in=new).values_list("pk", "name", "role_mask")
        }
        frontier_up, frontier_down = set(), set()
        for src, dst, kind, lvl in found:
            partner = src if lvl < 0 else dst
            if partner in visible and partner not in nodes:
                name, mask = visible[partner]
                nodes[partner] = {"id": partner, "name": name, "level": lvl, "roles": roles_in_mask(mask)}
                (frontier_up if lvl < 0 else frontier_down).add(partner)
            if src in nodes and dst in nodes:
                edges[(src, dst, kind)] = None
                kinds_of.setdefault(partner, []).append(kind)
    for pid, node in nodes.items():
        node["group"] = "" if pid == party.pk else group_of(node["roles"], kinds_of.get(pid, []))
    return {
        "nodes": list(nodes.values()),
        "edges": [{"source": s, "target": t, "kind": k} for s, t, k in edges],
    }
