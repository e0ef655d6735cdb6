"""Party search: one lower-cased text column per party, matched by substring.

PostgreSQL serves substring matches from a trigram index, but a trigram needs three characters
and Chinese users mostly type two (华为, 申达). So the search text also carries every pair of
adjacent Chinese characters as a separate word; a two-character query then looks for that word
(`` 华达 ``), which the same trigram index answers without reading the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
GRAMS_SEPARATOR = " | "


def search_document(parts: Iterable[str | None]) -> str:
    """The search text for the given names, codes, phones and e-mails."""
    text = " ".join(p.strip() for p in parts if p and p.strip()).lower()
    grams = dict.fromkeys(run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1))
    if not grams:
        return text
    return f"{text}{GRAMS_SEPARATOR}{' '.join(grams)} "


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
