"""The customer 360 on the party page: what a salesperson needs before a call, above the tabs,
and the tabs other apps add to the page (orders, quotes, opportunities, activities, files).

Parties know no app above them. Each app registers from its ``AppConfig.ready()`` the cards it
can tell about a party (:func:`register_card`) and the tabs it adds (:func:`register_tab`). A
card's ``build(user, party)`` reads through the access gate (``Model.objects.for_user(user)``),
so a figure never counts a record its reader could not open, and returns ``None`` when it has
nothing to say about this party (a carrier's shipments on a party that carries nothing).

A card is a few :class:`Figure` values and at most a handful of :class:`Line` rows, each with a
link to the page or the filtered list behind it. Figures carry raw values and a kind; the
template formats them (money, counts, rates, times) the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise

from catena.parties.models import Party

FigureKind = Literal["money", "count", "percent", "text", "moment"]
Tone = Literal["", "good", "warn", "late"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One number on a card: "Revenue this year  ¥1,204,500.00". ``hint`` says what it counts
    when the label alone would not ("of 42 received in the last 12 months")."""

    label: Promise | str
    value: Decimal | int | float | str | datetime | date | None
    kind: FigureKind = "count"
    url: str = ""
    tone: Tone = ""
    hint: Promise | str = ""
    currency: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One record on a card: an open order with its stage, a late purchase order."""

    title: str
    url: str
    detail: str = ""
    badge: Promise | str = ""
    tone: Tone = ""
    when: datetime | date | None = None


@dataclass(frozen=True, slots=True)
class Card:
    key: str
    title: Promise | str
    figures: Sequence[Figure] = ()
    lines: Sequence[Line] = ()
    more_url: str = ""
    more_label: Promise | str = ""
    empty: Promise | str = ""


CardBuilder = Callable[[Any, Party], Card | None]


@dataclass(frozen=True, slots=True)
class CardSource:
    key: str
    build: CardBuilder
    order: int = 100


@dataclass(frozen=True, slots=True)
class Tab:
    """A tab another app adds to the party page. ``context(request, party)`` gives what its
    ``template`` needs; ``applies(party)`` (default: always) hides it on parties it does not
    concern, such as purchase orders on a party that supplies nothing."""

    name: str
    label: Promise | str
    template: str
    context: Callable[[Any, Party], dict[str, Any]]
    order: int = 100
    applies: Callable[[Party], bool] | None = None


@dataclass(slots=True)
class _Registry:
    cards: dict[str, CardSource] = field(default_factory=dict)
    tabs: dict[str, Tab] = field(default_factory=dict)


_registry = _Registry()


def register_card(key: str, build: CardBuilder, *, order: int = 100) -> None:
    """Add (or replace, on a second ``ready()``) the card ``key``."""
    _registry.cards[key] = CardSource(key, build, order)


def register_tab(tab: Tab) -> None:
    """Add (or replace) the tab ``tab.name`` to the party page."""
    _registry.tabs[tab.name] = tab


def cards_for(user: Any, party: Party) -> list[Card]:
    """The cards that have something to say about ``party`` to ``user``, in their order."""
    sources = sorted(_registry.cards.values(), key=lambda s: (s.order, s.key))
    return [card for source in sources if (card := source.build(user, party)) is not None]


def tabs_for(party: Party) -> list[Tab]:
    """The registered tabs that concern ``party``, in their order."""
    tabs = sorted(_registry.tabs.values(), key=lambda t: (t.order, t.name))
    return [tab for tab in tabs if tab.applies is None or tab.applies(party)]


def tab_named(name: str) -> Tab | None:
    return _registry.tabs.get(name)


def list_url(name: str, **params: Any) -> str:
    """The page ``name`` filtered by ``params``: the list behind a figure."""
    return f"{reverse(name)}?{urlencode(params)}"


def day(value: date | datetime | None) -> str:
    """A date for a tab's cell (ISO, as the lists show dates); "—" for none."""
    return date_format(value, "Y-m-d") if value else "—"


def has_role(party: Party, *roles: str) -> bool:
    """Whether ``party`` holds one of ``roles`` (read from its role mask: no query)."""
    return bool(set(party.role_list).intersection(roles))


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a tab's table, already formatted for the reader's language."""

    text: str
    url: str = ""
    tone: Tone = ""
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class RecordTable:
    """What a registered tab shows with the shared template ``parties/tabs/records.html``: the
    party's latest records of one kind, and a link to the whole filtered list."""

    title: Promise | str
    headings: Sequence[Promise | str]
    rows: Sequence[Sequence[Cell]]
    empty: Promise | str
    more_url: str = ""
    more_label: Promise | str = ""
    add_url: str = ""
    add_label: Promise | str = ""
    numeric: frozenset[int] = frozenset()


RECORDS_TEMPLATE = "parties/tabs/records.html"
TAB_ROWS = 25
