"""Party search: one lower-cased text column per party, matched by substring.

PostgreSQL serves substring matches from a trigram index, but a trigram needs three characters
and Chinese users mostly type two (华为, 申达). So the search text also carries every pair of
adjacent Chinese characters as a separate word; a two-character query then looks for that word
(`` 华达 ``), which the same trigram index answers without reading the table.

People also type a name's pinyin, most often its initials on a keyboard without an input method
(``hwjs`` for 华为技术). After the pairs the text carries, for each run of Chinese characters, its
initials and its full pinyin as two words (``hwjsyxgs huaweijishuyouxiangongsi``), so a plain
substring match finds them through the same index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.core import access
from catena.parties.models import Contact, ContactPoint, Party
from catena.workspace import search
from catena.workspace.search import Result

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
GRAMS_SEPARATOR = " | "
# The longest word looked up in pypinyin's phrase list when choosing a reading (重庆 is chong-,
# 银行 is -hang); longer phrases rarely read differently from their parts.
LONGEST_PHRASE = 4


def search_document(parts: Iterable[str | None]) -> str:
    """The search text for the given names, codes, phones and e-mails."""
    text = " ".join(p.strip() for p in parts if p and p.strip()).lower()
    return document_of(text)


def document_of(text: str) -> str:
    """The search text of an already joined, lower-cased ``text``: the text, then its Chinese
    character pairs and the initials and pinyin of its Chinese runs."""
    runs = CJK_RUN.findall(text)
    if not runs:
        return text
    grams = dict.fromkeys(run[i : i + 2] for run in runs for i in range(len(run) - 1))
    spelled = dict.fromkeys(word for run in runs for word in pinyin_words(run))
    return f"{text}{GRAMS_SEPARATOR}{' '.join(grams)} {' '.join(spelled)} "


def text_of(document: str) -> str:
    """The joined text a search document was built from (what :func:`document_of` was given),
    so that a migration can rebuild documents without reading each party's contacts."""
    # Only a document with Chinese has the pairs, and only such a document ends with a space
    # (the text itself is stripped); its pairs follow the last separator.
    head, separator, tail = document.rpartition(GRAMS_SEPARATOR)
    if separator and document.endswith(" ") and CJK_RUN.fullmatch(tail.split(" ", 1)[0]):
        return head
    return document


def pinyin_words(run: str) -> tuple[str, str]:
    """The initials and the full pinyin, tones dropped, of a run of Chinese characters."""
    syllables = _syllables(run)
    return "".join(s[:1] for s in syllables), "".join(syllables)


@cache
def _exceptions() -> dict[str, tuple[str, ...]]:
    """The phrases of two to four characters in which some character does not take its most
    common reading (重庆, 银行), with their readings, from pypinyin's phrase table (loaded on first
    use: only processes that write parties pay for it)."""
    from pypinyin.constants import PHRASES_DICT

    exceptions = {}
    for phrase, readings in PHRASES_DICT.items():
        if 2 <= len(phrase) <= LONGEST_PHRASE and len(readings) == len(phrase):
            plain = tuple(_plain(r[0]) for r in readings)
            if any(_char(c) != r for c, r in zip(phrase, plain, strict=True)):
                exceptions[phrase] = plain
    return exceptions


@cache
def _char(char: str) -> str:
    """A character's most common reading ("" for none)."""
    from pypinyin.constants import PINYIN_DICT

    readings = PINYIN_DICT.get(ord(char))
    return _plain(readings.split(",")[0]) if readings else ""


@cache
def _plain(syllable: str) -> str:
    from pypinyin import Style
    from pypinyin.style import convert

    return str(convert(syllable, Style.NORMAL, strict=True))


def _syllables(run: str) -> list[str]:
    """Each character's reading: its reading in the longest phrase around it that pypinyin reads
    otherwise (重庆, 银行), else its most common one."""
    exceptions = _exceptions()
    found = [_char(c) for c in run]
    settled = [False] * len(run)
    for size in range(min(LONGEST_PHRASE, len(run)), 1, -1):
        for start in range(len(run) - size + 1):
            readings = exceptions.get(run[start : start + size])
            if readings is not None:
                for k, reading in enumerate(readings, start):
                    if not settled[k]:
                        found[k], settled[k] = reading, True
    return found


def search_term(query: str) -> str:
    """What a search text must contain to match ``query``: the query lower-cased with its
    spaces collapsed, and a pair of Chinese characters as a word of its own (`` 华达 ``)."""
    term = " ".join(query.split()).lower()
    if len(term) == 2 and CJK_RUN.fullmatch(term):
        return f" {term} "
    return term


def search_condition(query: str, field: str = "search_text") -> Q:
    """Rows whose search text contains ``query`` (case-insensitive)."""
    return Q(**{f"{field}__contains": search_term(query)})


# --- search everywhere: parties and their contacts ------------------------------------------------


def is_searchable(query: str) -> bool:
    """Can the trigram index answer ``query``? Two Chinese characters (a word of the search text)
    or three characters of anything; shorter queries would read every party."""
    term = " ".join(query.split())
    return len(term) >= 3 or bool(len(term) == 2 and CJK_RUN.fullmatch(term))


def find_parties(user: Any, query: str, limit: int) -> list[Result]:
    """Parties by name, short name, credit code, pinyin, phone or e-mail: an exact name or credit
    code first, then the first ``limit`` the trigram index yields (no order: ordering thousands of
    matches of a common word would cost more than the search itself)."""
    if not is_searchable(query):
        return []
    visible = Party.objects.for_user(user, access.VIEW).order_by()
    columns = ("pk", "name", "short_name", "uscc", "city")
    exact = list(visible.filter(Q(name=query) | Q(uscc=query.upper())).values_list(*columns)[:limit])
    seen = {row[0] for row in exact}
    rows = exact + [
        row
        for row in visible.filter(search_condition(query)).values_list(*columns)[: limit + len(seen)]
        if row[0] not in seen
    ]
    url = reverse("parties:party_detail", args=[0]).removesuffix("0/")
    return [
        Result("party", name, " · ".join(p for p in (short_name, uscc, city) if p), f"{url}{pk}/")
        for pk, name, short_name, uscc, city in rows[:limit]
    ]


def find_contacts(user: Any, query: str, limit: int) -> list[Result]:
    """Contacts by name, phone or e-mail, among the first parties whose search text matches (the
    text carries contact names, phones and e-mails, so the trigram index narrows it first)."""
    if not is_searchable(query):
        return []
    parties = (
        Party.objects.for_user(user, access.VIEW).order_by().filter(search_condition(query)).values("pk")
    )
    points = ContactPoint.objects.filter(contact=OuterRef("pk"), value__icontains=query)
    rows = (
        Contact.objects.for_user(user, access.VIEW)
        .filter(party__in=parties[:CONTACT_PARTIES])
        .filter(Q(name__icontains=query) | Exists(points))
        .order_by("-is_primary", "name", "id")
        .values_list("party_id", "name", "title", "party__name")[:limit]
    )
    url = reverse("parties:party_detail", args=[0]).removesuffix("0/")
    return [
        Result("contact", name, " · ".join(p for p in (title, party_name) if p), f"{url}{party_id}/")
        for party_id, name, title, party_name in rows
    ]


# How many matching parties the contact search looks into: enough for any name or number a
# person would type, few enough that a common word stays cheap.
CONTACT_PARTIES = 20


def _list_url(name: str) -> Callable[[str], str]:
    return lambda query: f"{reverse(name)}?{urlencode({'q': query})}"


def register_search() -> None:
    """Register the parties' kinds and commands with search everywhere (``AppConfig.ready``)."""
    search.register(
        "party",
        pgettext_lazy("search kind", "Parties"),
        find_parties,
        order=10,
        more_url=_list_url("parties:party_list"),
    )
    search.register(
        "contact",
        pgettext_lazy("search kind", "Contacts"),
        find_contacts,
        order=20,
        more_url=_list_url("parties:party_list"),
    )
    search.register_command(
        "party_create",
        _("New party"),
        "parties:party_create",
        lambda user: access.can(user, access.ADD, Party),
        keywords="new party customer supplier",
        order=10,
    )
    search.register_command(
        "party_list",
        _("Go to parties"),
        "parties:party_list",
        lambda user: access.can(user, access.VIEW, Party),
        keywords="parties customers suppliers",
        order=50,
    )
