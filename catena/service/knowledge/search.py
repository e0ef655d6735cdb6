"""Knowledge search: ranked full-text matching of articles that works for Chinese.

Chinese is written without spaces, and a full-text parser sees a whole sentence as one word. As
party search does (``catena.parties.search``), each article's search documents therefore carry
every pair of adjacent Chinese characters as a word of its own: "运输途中外箱破损" becomes
``运输 输途 途中 中外 外箱 箱破 破损``, so a reader who types the two-character word 破损 finds it
inside the longer text, and a longer phrase is every one of its pairs. Latin words are kept
lower-cased (``return``, ``edi``); a Latin word typed matches the words it begins (``return``
finds ``returns``), as a word being typed should.

An article has two documents, ``search_title`` (its number and the titles of both languages) and
``search_body`` (the texts of both languages): a match in a title ranks above one in a text.

- **PostgreSQL**: the column ``search_vector`` (a ``tsvector`` generated from both documents, the
  title with weight A and the text with weight B, by migration ``service/0006_knowledge``) under a
  GIN index; matching is ``@@`` with the ``simple`` configuration (no stemming, no stop words: the
  documents are words already) and ranking ``ts_rank``.
- **SQLite** (and any other database): the same words matched by ``LIKE`` on the documents (which
  start and end with a space, so `` 破损 `` is a whole word and `` return`` a word's start), ranked
  by one point per word found in a title and 0.4 per word found in a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[a-z0-9]+|[{CJK}]+")
# How many words of a query count: a sentence typed into a case form is more than anyone searches.
MAX_TERMS = 24
TITLE_WEIGHT, BODY_WEIGHT = 1.0, 0.4
SNIPPET_CHARS = 160


def words(text: str) -> list[str]:
    """The words of ``text`` as the documents hold them: Latin words lower-cased, each run of
    Chinese characters as its pairs (a lone character as itself)."""
    found: list[str] = []
    for run in WORD.findall(text.lower()):
        if run[0].isascii() or len(run) == 1:
            found.append(run)
        else:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def document(texts: Iterable[str]) -> str:
    """The search document of ``texts``: their words, space-separated, with a space before the
    first and after the last (what the ``LIKE`` fallback anchors a word on)."""
    found = [word for text in texts if text for word in words(text)]
    return f" {' '.join(found)} " if found else ""


@dataclass(frozen=True, slots=True)
class Term:
    """One word a query looks for; ``is_prefix`` when it may be the start of a longer word (a
    Latin word, or a lone Chinese character typed)."""

    word: str
    is_prefix: bool

    @property
    def tsquery(self) -> str:
        return f"'{self.word}':*" if self.is_prefix else f"'{self.word}'"

    def condition(self, field: str) -> Q:
        pattern = f" {self.word}" if self.is_prefix else f" {self.word} "
        return Q(**{f"{field}__contains": pattern})


def terms(query: str) -> list[Term]:
    """The words ``query`` looks for, each once, in the order typed."""
    found = dict.fromkeys(words(query))
    return [Term(word, word.isascii() or len(word) == 1) for word in list(found)[:MAX_TERMS]]


class _Vector(Func):
    """PostgreSQL's generated ``search_vector`` column of the article table."""

    template = '"service_article"."search_vector"'
    arity = 0


class _Matches(Func):
    """``search_vector @@ to_tsquery('simple', query)``: served by the GIN index."""

    arg_joiner = " @@ to_tsquery('simple'::regconfig, "
    template = "(%(expressions)s))"
    output_field = BooleanField()


class _Rank(Func):
    arg_joiner = ", to_tsquery('simple'::regconfig, "
    template = "ts_rank(%(expressions)s))"
    output_field = FloatField()


def uses_full_text() -> bool:
    """Does the database answer with PostgreSQL's full text (else the ``LIKE`` fallback)?"""
    return connection.vendor == "postgresql"


def ranked(articles: QuerySet[Any], query: str, *, any_term: bool = False) -> QuerySet[Any]:
    """``articles`` matching ``query`` with their ``rank``, best first (then the most helpful, the
    newest). Every word must match, or with ``any_term`` one of them (suggestions for a sentence
    being typed: the more words an article shares with it, the higher it ranks). No word, no
    article."""
    found = terms(query)
    if not found:
        return articles.none()
    if uses_full_text():
        tsquery = (" | " if any_term else " & ").join(term.tsquery for term in found)
        matched = articles.annotate(rank=_Rank(_Vector(), Value(tsquery))).filter(
            _Matches(_Vector(), Value(tsquery))
        )
    else:
        title_hits = [term.condition("search_title") for term in found]
        body_hits = [term.condition("search_body") for term in found]
        either = [title | body for title, body in zip(title_hits, body_hits, strict=True)]
        points = [Case(When(hit, then=Value(TITLE_WEIGHT)), default=Value(0.0)) for hit in title_hits] + [
            Case(When(hit, then=Value(BODY_WEIGHT)), default=Value(0.0)) for hit in body_hits
        ]
        rank: Any = Value(0.0, output_field=FloatField())
        for point in points:
            rank = rank + point
        matched = articles.filter(reduce(or_ if any_term else and_, either)).annotate(rank=rank)
    return matched.order_by(F("rank").desc(), "-helpful_count", "-id")


def snippet(text: str, query: str, size: int = SNIPPET_CHARS) -> SafeString:
    """A piece of ``text`` around the first word of ``query`` found in it, the words found marked
    (``<mark>``), everything else escaped: what a result list shows under a title."""
    flat = " ".join(text.split())
    lowered = flat.lower()
    needles = [t.word for t in terms(query)]
    starts = [i for i in (lowered.find(n) for n in needles) if i >= 0]
    begin = max(0, min(starts) - size // 4) if starts else 0
    piece = flat[begin : begin + size]
    marked = _mark(piece, needles)
    return mark_safe(("…" if begin else "") + marked + ("…" if begin + size < len(flat) else ""))  # noqa: S308


def _mark(piece: str, needles: Sequence[str]) -> str:
    if not needles:
        return str(escape(piece))
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)), re.I)
    out, last = [], 0
    for hit in pattern.finditer(piece):
        out.append(str(escape(piece[last : hit.start()])))
        out.append(f"<mark>{escape(hit.group())}</mark>")
        last = hit.end()
    out.append(str(escape(piece[last:])))
    return "".join(out)
