"""The party list: its filters, its rows for the API and its queries compiled per shape."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.db.models import F, OrderBy, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from catena.accounts.models import display_name_of
from catena.core import access, bounds
from catena.core.compiled import CompiledQuery, marker
from catena.core.db import StringList, count_up_to
from catena.parties.choices import roles_in_mask
from catena.parties.models import (
    Party,
    Tag,
    plays_role,
)
from catena.parties.search import search_condition, search_term

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
    rows = _summary_rows(parties, few_matches=few_matches)
    return summaries_of(list(rows[start:stop]))


def _summary_rows(parties: QuerySet[Party], *, few_matches: bool = False) -> QuerySet[Any]:
    rows = parties.prefetch_related(None)
    if few_matches:
        rows = rows.order_by(*[_unindexed(str(name)) for name in rows.query.order_by])
    rows = rows.annotate(tag_list=StringList(tag_names_of()))
    return rows.values(*SUMMARY_FIELDS, *OWNER_FIELDS, "role_mask", "tag_list")


def summaries_of(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    owners: dict[int, dict[str, Any]] = {}
    for row in values:
        owner_id, username = row.pop("owner_id"), row.pop("owner__username")
        first_name, last_name = row.pop("owner__first_name"), row.pop("owner__last_name")
        if owner_id is not None and owner_id not in owners:
            name = display_name_of(username, first_name, last_name)
            owners[owner_id] = {"id": owner_id, "username": username, "display_name": name}
        row["owner"] = owners.get(owner_id)
        row["role_list"] = roles_in_mask(row.pop("role_mask"))
        row["tag_names"] = row.pop("tag_list")
    return values


# --- the list's queries compiled once per shape ------------------------------------------------
#
# Building the list's two queries (the capped count and the page) cost the ORM more than the
# database spent answering them for an indexed filter. The list has the same SQL for every value
# of its filters (equalities, and the search text's LIKE pattern): it is compiled once per shape
# (which filters are set, the choice-like values, the order, the page, the caller's scope) with
# markers where the free values go, and run with the request's values.

# The filters whose values travel as parameters; the others (role, status, tier, kind: a few
# choices each) are part of the shape.
_MARKED = {"q": str, "tag": str, "owner": int, "province": str, "city": str, "updated_since": datetime}
_COMPILED_SHAPES = 512


@dataclass
class _CompiledPage:
    parties: QuerySet[Party]  # party_list(...) with the markers
    markers: dict[str, Any]
    matches: CompiledQuery[Any]  # the capped count's rows
    every_match: CompiledQuery[Any]  # for the count beyond the cap (the planner's estimate)
    rows: CompiledQuery[Any]
    few_rows: CompiledQuery[Any] | None = None  # rows when a search matches few parties

    def rows_for(self, few_matches: bool, start: int, stop: int) -> CompiledQuery[Any]:
        if not few_matches:
            return self.rows
        if self.few_rows is None:
            rows = _summary_rows(self.parties, few_matches=True)[start:stop]
            self.few_rows = CompiledQuery(rows, self.markers)
        return self.few_rows


_compiled_pages: OrderedDict[tuple[Any, ...], _CompiledPage] = OrderedDict()
_compiled_lock = threading.Lock()


def _plain_scope(q: Q) -> bool:
    """Whether ``q`` holds only plain values (so that its ``repr`` names it exactly)."""
    return all(
        _plain_scope(child)
        if isinstance(child, Q)
        else isinstance(child, tuple) and isinstance(child[1], (int, str, bool, type(None)))
        for child in q.children
    )


def api_party_page(user: Any, filters: PartyFilter, *, start: int, stop: int, exact_up_to: int) -> PartyPage:
    """:func:`party_page` of :func:`party_list` for the API, its queries compiled once per shape
    where that gives the same rows (a scope of plain values)."""
    scope = access.scope(user, access.VIEW, Party)
    if filters.extra or not _plain_scope(scope):
        return party_page(
            party_list(user, filters),
            start=start,
            stop=stop,
            exact_up_to=exact_up_to,
            searched=bool(filters.q),
        )
    values = {name: getattr(filters, name) for name in _MARKED if getattr(filters, name)}
    if filters.q:  # the condition's value is the term (search_condition of the marker is itself)
        values["q"] = search_term(filters.q)
    key = (
        repr(scope),
        filters.role,
        filters.status,
        filters.tier,
        filters.kind,
        filters.sort,
        tuple(values),
        start,
        stop,
        exact_up_to,
    )
    with _compiled_lock:  # ``catena serve`` answers requests on several threads
        compiled = _compiled_pages.get(key)
        if compiled is not None:
            _compiled_pages.move_to_end(key)
    if compiled is None:
        markers = {name: marker(name, _MARKED[name]) for name in values}
        parties = party_list(user, replace(filters, **markers))
        compiled = _CompiledPage(
            parties=parties,
            markers=markers,
            matches=CompiledQuery(parties.order_by().values("pk")[: exact_up_to + 1], markers),
            every_match=CompiledQuery(parties.order_by().values("pk"), markers),
            rows=CompiledQuery(_summary_rows(parties)[start:stop], markers),
        )
        with _compiled_lock:
            _compiled_pages[key] = compiled
            while len(_compiled_pages) > _COMPILED_SHAPES:
                _compiled_pages.popitem(last=False)
    # As count_up_to and party_page: exact up to the cap, beyond it the planner's estimate.
    count, is_estimate = compiled.matches.count(**values), False
    if count > exact_up_to:
        estimate = compiled.every_match.planner_rows(**values)
        if estimate is None:
            count = compiled.every_match.count(**values)
        else:
            count, is_estimate = max(estimate, exact_up_to + 1), True
    rows = compiled.rows_for(bool(filters.q) and count <= SORT_MATCHES_LIMIT, start, stop)
    items = summaries_of(rows.run(**values))
    if is_estimate:
        count = max(count, start + len(items))
    return PartyPage(items, count, is_estimate)


def _unindexed(ordering: str) -> OrderBy:
    """The same order, in a form no index provides (``COALESCE(f, f)``)."""
    name = ordering.lstrip("-")
    expression = Coalesce(F(name), F(name))
    return expression.desc() if ordering.startswith("-") else expression.asc()


def tag_names_of() -> Any:
    """The names of the outer query's party's tags, in tag order (for ``StringList``)."""
    return Tag.objects.filter(parties=OuterRef("pk")).order_by("name").values(value=F("name"))
