"""A party's relationships and the chain of parties around it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from catena.core import access
from catena.parties.models import (
    Party,
    PartyRole,
    Relationship,
)


def relationships_of(user: Any, party: Party) -> QuerySet[Relationship]:
    qs = access.restrict(Relationship.objects.all(), user, access.VIEW)
    return (
        (qs.filter(from_party=party) | qs.filter(to_party=party))
        .select_related("from_party", "to_party", "contract")
        .order_by("kind", "id")
    )


def chain_graph(user: Any, party: Party, *, depth: int = 2, limit: int = 200) -> dict[str, Any]:
    """Upstream and downstream partners of ``party`` up to ``depth`` links away, as nodes and
    edges for a graph. Each node carries its level: negative upstream, positive downstream."""
    visible = access.restrict(Relationship.objects.all(), user, access.VIEW)
    nodes: dict[int, int] = {party.pk: 0}
    edges: list[tuple[int, int, str]] = []
    frontier_up, frontier_down = {party.pk}, {party.pk}
    for level in range(1, depth + 1):
        ups = list(
            visible.filter(to_party_id__in=frontier_up).values_list("from_party_id", "to_party_id", "kind")[
                :limit
            ]
        )
        downs = list(
            visible.filter(from_party_id__in=frontier_down).values_list(
                "from_party_id", "to_party_id", "kind"
            )[:limit]
        )
        frontier_up, frontier_down = set(), set()
        for src, dst, kind in ups:
            edges.append((src, dst, kind))
            if src not in nodes:
                nodes[src] = -level
                frontier_up.add(src)
        for src, dst, kind in downs:
            edges.append((src, dst, kind))
            if dst not in nodes:
                nodes[dst] = level
                frontier_down.add(dst)
    names = dict(Party.objects.filter(pk__in=nodes).values_list("pk", "name"))
    roles: dict[int, list[str]] = {}
    for pid, role in PartyRole.objects.filter(party_id__in=nodes).values_list("party_id", "role"):
        roles.setdefault(pid, []).append(role)
    return {
        "nodes": [
            {"id": pid, "name": names.get(pid, ""), "level": level, "roles": roles.get(pid, [])}
            for pid, level in nodes.items()
        ],
        "edges": [{"source": s, "target": t, "kind": k} for s, t, k in dict.fromkeys(edges)],
    }
