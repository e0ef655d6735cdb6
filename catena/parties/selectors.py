"""Reads of parties shared by the web pages, the API, exports and the portal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from catena.core import access
from catena.parties.models import Contact, Party, PartyRole, Relationship
from catena.parties.search import search_condition

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


@dataclass
class PartyFilter:
    """The filters a party list understands; every list, export and count uses the same one."""

    q: str = ""
    role: str = ""
    tag: str = ""
    owner: int | None = None
    province: str = ""
    city: str = ""
    status: str = ""
    tier: str = ""
    kind: str = ""
    updated_since: datetime | None = None
    sort: str = "name"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Any) -> PartyFilter:
        """Build from a query dict, ignoring unknown or malformed values."""
        owner = params.get("owner") or None
        updated_since = None
        if params.get("updated_since"):
            try:
                updated_since = datetime.fromisoformat(params["updated_since"])
            except ValueError:
                updated_since = None
        return cls(
            q=(params.get("q") or "").strip()[:100],
            role=params.get("role") or "",
            tag=params.get("tag") or "",
            owner=int(owner) if owner and str(owner).isdigit() else None,
            province=params.get("province") or "",
            city=(params.get("city") or "").strip(),
            status=params.get("status") or "",
            tier=params.get("tier") or "",
            kind=params.get("kind") or "",
            updated_since=updated_since,
            sort=params.get("sort") if params.get("sort") in SORTS else "name",
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "q": self.q, "role": self.role, "tag": self.tag, "owner": str(self.owner or ""),
            "province": self.province, "city": self.city, "status": self.status, "tier": self.tier,
            "kind": self.kind, "sort": self.sort if self.sort != "name" else "",
        }  # fmt: skip
        return {k: v for k, v in values.items() if v}


def party_list(user: Any, filters: PartyFilter, *, action: str = access.VIEW) -> QuerySet[Party]:
    """The parties ``user`` may see, filtered and sorted; rows carry owner, roles and tags."""
    qs = access.restrict(Party.objects.all(), user, action)
    if filters.q:
        qs = qs.filter(search_condition(filters.q))
    if filters.role:
        qs = qs.filter(pk__in=PartyRole.objects.filter(role=filters.role).values("party_id"))
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    if filters.province:
        qs = qs.filter(province=filters.province)
    if filters.city:
        qs = qs.filter(city=filters.city)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.updated_since:
        qs = qs.filter(updated_at__gte=filters.updated_since)
    return qs.select_related("owner").prefetch_related("roles", "tags").order_by(*SORTS[filters.sort])


def party_detail(user: Any, party_id: int) -> Party | None:
    """One party with everything its page shows, or None if it does not exist for ``user``."""
    qs = access.restrict(Party.objects.all(), user, access.VIEW).select_related("owner")
    return (
        qs.prefetch_related(
            "roles",
            "tags",
            "addresses",
            Prefetch("contacts", queryset=Contact.objects.prefetch_related("contact_points")),
            "contact_points",
        )
        .filter(pk=party_id)
        .first()
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
