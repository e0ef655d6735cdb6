"""Reads of parties shared by the web pages, the API, exports and the portal."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.db import models
from django.db.models import F, OrderBy, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from catena.accounts.models import User
from catena.core import access, bounds
from catena.core.compiled import KEY, CompiledQuery
from catena.core.db import StringList, count_up_to
from catena.parties.choices import roles_in_mask
from catena.parties.models import (
    Address,
    Contact,
    ContactPoint,
    Party,
    PartyRole,
    Relationship,
    Tag,
    plays_role,
)
from catena.parties.search import search_condition

M = TypeVar("M", bound=models.Model)

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
                updated_since = bounds.check_datetime(datetime.fromisoformat(params["updated_since"]))
            except ValueError:
                updated_since = None
        return cls(
            q=(params.get("q") or "").strip()[:100],
            role=params.get("role") or "",
            tag=params.get("tag") or "",
            owner=int(owner) if owner and str(owner).isdecimal() else None,
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
        # The denormalised role mask (kept by the database): no join with PartyRole, and on
        # PostgreSQL a role + province count reads only the province index.
        qs = qs.filter(plays_role(filters.role))
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


# What a row of the API's party list shows (``PartySummaryOut``): the rest (notes, custom
# fields, search text) is left in the database.
SUMMARY_FIELDS = (
    "id", "name", "short_name", "kind", "uscc", "status", "tier", "industry", "province", "city",
    "created_at", "updated_at",
)  # fmt: skip
OWNER_FIELDS = ("owner_id", "owner__username", "owner__first_name", "owner__last_name")


# A search that matches at most this many parties finds them all through the trigram index and
# sorts them: a few milliseconds whatever their names. Walking the name index in order, testing
# each party (the planner's choice when it expects many matches), is quicker for a broad search
# but can read most of the table when the matches sit late in the alphabet.
SORT_MATCHES_LIMIT = 1_000


@dataclass
class PartyPage:
    items: list[dict[str, Any]]
    count: int
    is_estimate: bool


def party_page(
    parties: QuerySet[Party], *, start: int, stop: int, exact_up_to: int, searched: bool = False
) -> PartyPage:
    """Rows ``start:stop`` of ``party_list(...)`` (as :func:`party_summaries`) and how many
    parties match: exact up to ``exact_up_to``, beyond that PostgreSQL's estimate (never below
    what the caller has paged through). ``searched``: the filters include a search text."""
    count, is_estimate = count_up_to(parties, exact_up_to)
    few = searched and count <= SORT_MATCHES_LIMIT
    rows = party_summaries(parties, start, stop, few_matches=few)
    if is_estimate:
        count = max(count, start + len(rows))
    return PartyPage(rows, count, is_estimate)


def party_summaries(
    parties: QuerySet[Party], start: int, stop: int, *, few_matches: bool = False
) -> list[dict[str, Any]]:
    """Rows ``start:stop`` of ``party_list(...)`` for the API as plain values, in one query: the
    summary columns, the owner, the roles from ``role_mask`` (``role_list``) and the tag names
    (``tag_names``), the keys ``PartySummaryOut`` reads; no model instance, no prefetch.

    ``few_matches``: the filters are known to match few rows. The rows are then found first
    (the trigram index) and sorted after: walking the name index in order and testing each party
    costs far more when the matches sit late in the alphabet."""
    rows = parties.prefetch_related(None)
    if few_matches:
        rows = rows.order_by(*[_unindexed(str(name)) for name in rows.query.order_by])
    rows = rows.annotate(tag_list=StringList(_tag_names()))
    values = list(rows.values(*SUMMARY_FIELDS, *OWNER_FIELDS, "role_mask", "tag_list")[start:stop])
    owners: dict[int, dict[str, Any]] = {}
    for row in values:
        owner_id, username = row.pop("owner_id"), row.pop("owner__username")
        first_name, last_name = row.pop("owner__first_name"), row.pop("owner__last_name")
        if owner_id is not None and owner_id not in owners:
            user = User(pk=owner_id, username=username, first_name=first_name, last_name=last_name)
            owners[owner_id] = {"id": owner_id, "username": username, "display_name": user.display_name}
        row["owner"] = owners.get(owner_id)
        row["role_list"] = roles_in_mask(row.pop("role_mask"))
        row["tag_names"] = row.pop("tag_list")
    return values


def _unindexed(ordering: str) -> OrderBy:
    """The same order, in a form no index provides (``COALESCE(f, f)``)."""
    name = ordering.lstrip("-")
    expression = Coalesce(F(name), F(name))
    return expression.desc() if ordering.startswith("-") else expression.asc()


def _tag_names() -> Any:
    """The names of the outer query's party's tags, in tag order (for ``StringList``)."""
    return Tag.objects.filter(parties=OuterRef("pk")).order_by("name").values(value=F("name"))


def party_detail(user: Any, party_id: int) -> Party | None:
    """One party with everything its page shows, or None if it does not exist for ``user``.

    The roles and tags are not prefetched: ``party.role_list`` has the roles from the mask and
    ``party.tag_names`` the tag names from the same query (``party.roles.all()`` and
    ``party.tags.all()`` still read the rows, once). Addresses, contacts and contact points come
    one query each, ready for ``.all()`` as if prefetched; a contact's points are handed to it
    from the party's."""
    scope = access.scope(user, access.VIEW, Party)
    if scope == Q():  # staff see every party: the query's SQL is the same for all of them
        found = _party_detail_query().run(party_id)
        party = found[0] if found else None
    else:
        qs = Party.objects.filter(scope).select_related("owner")
        party = qs.annotate(_tag_names=StringList(_tag_names())).filter(pk=party_id).first()
    if party is None:
        return None
    points = _parts_of(ContactPoint, party.pk)
    _set_prefetched(party, "addresses", _parts_of(Address, party.pk))
    _set_prefetched(party, "contacts", _parts_of(Contact, party.pk))
    _set_prefetched(party, "contact_points", points)
    for contact in party.contacts.all():
        _set_prefetched(contact, "contact_points", [p for p in points if p.contact_id == contact.pk])
    return party


@functools.cache
def _party_detail_query() -> CompiledQuery[Party]:
    """``party_detail``'s query for a user who may see every party, compiled once."""
    parties = Party.objects.select_related("owner").annotate(_tag_names=StringList(_tag_names()))
    return CompiledQuery(parties.filter(pk=KEY))


def _parts_of(model: type[M], party_id: int) -> list[M]:
    """The ``model`` rows of one party in the model's order: ``model.objects.filter(party_id=…)``
    compiled once (compiling cost more than running it)."""
    return _parts_query(model).run(party_id)


@functools.cache
def _parts_query(model: type[M]) -> CompiledQuery[M]:
    return CompiledQuery(model._default_manager.filter(party_id=KEY))


def _set_prefetched(instance: Any, name: str, rows: list[Any]) -> None:
    """Give ``instance.<name>.all()`` these rows, as ``prefetch_related`` would have."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


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
