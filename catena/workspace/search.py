"""Search everywhere: one query across every kind of record, and the palette's commands.

The workspace knows no domain app. Each app registers, from its ``AppConfig.ready()``, a
:class:`Provider` per kind of record it can find (``register``) and the commands it offers
(``register_command``). A provider takes ``(user, query, limit)`` and returns at most ``limit``
:class:`Result` rows read through the access gate (``Model.objects.for_user(user, "view")``), so a
user never finds what the record's page would refuse.

Speed comes from cutting before counting: a provider asks the database for ``limit`` rows in a
cheap order (or none) and never counts its matches. :func:`search` asks each provider for one row
more than it shows; that row only says "there is more", and the group then links to the full
list page. Numbers are looked up by prefix on indexed columns, names through the trigram index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

MAX_QUERY = 100
DEFAULT_LIMIT = 5
PAGE_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Result:
    """One record found: its kind, what to show, and where its page is."""

    kind: str
    title: str
    subtitle: str
    url: str


Finder = Callable[[Any, str, int], Sequence[Result]]


@dataclass(frozen=True, slots=True)
class Provider:
    """A kind of record the search can find. ``more_url(query)`` is the full list page of the
    kind filtered by the query (``None`` when the kind has no list page)."""

    kind: str
    label: Promise | str
    find: Finder
    order: int = 100
    more_url: Callable[[str], str] | None = None


@dataclass(frozen=True, slots=True)
class Command:
    """Something the palette can do: open ``url_name`` (a page, or a form to fill), if
    ``allowed(user)``. ``keywords`` are other words that find it (in any language)."""

    key: str
    label: Promise | str
    url_name: str
    allowed: Callable[[Any], bool]
    keywords: str = ""
    order: int = 100


@dataclass(slots=True)
class Group:
    """The results of one kind, in the order the provider ranked them."""

    kind: str
    label: str
    results: list[Result] = field(default_factory=list)
    has_more: bool = False
    more_url: str = ""


_providers: dict[str, Provider] = {}
_commands: dict[str, Command] = {}


def register(
    kind: str,
    label: Promise | str,
    find: Finder,
    *,
    order: int = 100,
    more_url: Callable[[str], str] | None = None,
) -> None:
    """Let the search find records of ``kind`` through ``find`` (from an ``AppConfig.ready()``)."""
    _providers[kind] = Provider(kind, label, find, order, more_url)


def register_command(
    key: str,
    label: Promise | str,
    url_name: str,
    allowed: Callable[[Any], bool],
    *,
    keywords: str = "",
    order: int = 100,
) -> None:
    """Offer a command in the palette (from an ``AppConfig.ready()``)."""
    _commands[key] = Command(key, label, url_name, allowed, keywords, order)


def providers() -> list[Provider]:
    """Every registered kind, in the order the palette shows them."""
    return sorted(_providers.values(), key=lambda p: (p.order, p.kind))


def kinds() -> list[str]:
    return [p.kind for p in providers()]


def clean_query(query: str | None) -> str:
    """The query as the providers see it: spaces trimmed and collapsed, at most ``MAX_QUERY``
    characters."""
    return " ".join((query or "").split())[:MAX_QUERY]


def search(
    user: Any, query: str, *, only: Iterable[str] | None = None, limit: int = DEFAULT_LIMIT
) -> list[Group]:
    """The groups of records ``user`` may see that match ``query``, at most ``limit`` each; a
    group with no result is left out."""
    query = clean_query(query)
    if not query:
        return []
    wanted = set(only) if only else None
    groups = []
    for provider in providers():
        if wanted is not None and provider.kind not in wanted:
            continue
        found = list(provider.find(user, query, limit + 1))
        if not found:
            continue
        group = Group(provider.kind, str(provider.label), found[:limit], len(found) > limit)
        if group.has_more and provider.more_url is not None:
            group.more_url = provider.more_url(query)
        groups.append(group)
    return groups


@dataclass(frozen=True, slots=True)
class CommandOut:
    key: str
    label: str
    url: str


def commands(user: Any, query: str = "") -> list[CommandOut]:
    """The commands ``user`` may run whose label or keywords contain every word of ``query``."""
    words = clean_query(query).lower().split()
    found = []
    for command in sorted(_commands.values(), key=lambda c: (c.order, c.key)):
        label = str(command.label)
        haystack = f"{label} {command.keywords} {command.key}".lower()
        if not all(word in haystack for word in words):
            continue
        if not command.allowed(user):
            continue
        try:
            url = reverse(command.url_name)
        except NoReverseMatch:  # the page's app is not installed
            continue
        found.append(CommandOut(command.key, label, url))
    return found


NUMBER = re.compile(r"^[A-Z]{2}-?\d+$|^\d+$")
# A phone number as typed: digits, with spaces, dashes, brackets or a leading +.
PHONE = re.compile(r"^\+?[\d\s()\-]{5,}$")
# A record number or a tracking code: a few letters, then four digits or more (SO-0249000,
# PO-02568, SF1234567890, ky787670). No name, e-mail or phone looks like it. Digits alone are
# not a code: five or more read as a phone number, and fewer (a year, 2027) may be in a name.
CODE = re.compile(r"^[A-Za-z]{1,4}-?\d{4,}[A-Za-z\d-]*$")


def looks_like_phone(query: str) -> bool:
    """Does ``query`` read as (part of) a phone number? Then only phone columns can hold it."""
    return bool(PHONE.match(query.strip())) and sum(ch.isdigit() for ch in query) >= 5


def looks_like_code(query: str) -> bool:
    """Does ``query`` read as a record number or a tracking code (and not as a phone number)?
    Then the kinds that have neither (leads, opportunities) need not scan their names for it:
    a substring scan of a name column is the search's dearest query."""
    return bool(CODE.match(query.strip())) and not looks_like_phone(query)


def number_terms(query: str, prefix: str) -> tuple[str | None, str | None]:
    """How to look up a record number of the form ``PREFIX-0001234`` from ``query``: the prefix
    its number must start with (upper-cased: ``so-00012`` finds ``SO-0001234``), and the whole
    number it may be (``1234`` or ``so-1234`` is ``SO-0001234``), each ``None`` when the query
    cannot be such a number. Both are answered by an index on the number column."""
    term = query.replace(" ", "").upper()
    if not NUMBER.match(term):
        return (term if len(term) >= 2 and term.startswith(prefix[:1]) else None), None
    letters, digits = term[: len(prefix)], term.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
    if term.isdigit():
        return None, f"{prefix}-{int(digits):07d}" if len(digits) <= 7 else None
    if letters != prefix:
        return None, None
    whole = f"{prefix}-{int(digits):07d}" if len(digits) <= 7 else None
    prefixed = f"{prefix}-{digits}" if "-" in term else None
    return prefixed, whole


def first_matches(
    rows: QuerySet[Any], conditions: Sequence[Q], columns: Sequence[str], limit: int
) -> list[Any]:
    """Up to ``limit`` rows of ``rows`` that meet any of ``conditions``, the first column being
    the key: one query per condition, in the order given, until ``limit`` are found. Each query
    can use its own index; PostgreSQL often reads the whole table for an ``OR`` of them under a
    ``LIMIT`` when it misjudges how many rows match."""
    found: dict[Any, Any] = {}
    for condition in conditions:
        if len(found) >= limit:
            break
        for row in rows.filter(condition).order_by().values_list(*columns)[:limit]:
            found.setdefault(row[0], row)
    return list(found.values())[:limit]


def number_conditions(query: str, prefix: str, field: str = "number") -> list[Q]:
    """The look-ups of a record number ``PREFIX-0001234`` that ``query`` may be (see
    ``workspace.search.number_terms``), each on the number's index."""
    starts, whole = number_terms(query, prefix)
    found = [Q(**{f"{field}__startswith": starts})] if starts else []
    if whole and not (starts and whole.startswith(starts)):
        found.append(Q(**{field: whole}))
    return found
