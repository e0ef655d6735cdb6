"""API schemas of search everywhere."""

from __future__ import annotations

from ninja import Field, Schema

from catena.workspace.search import DEFAULT_LIMIT, MAX_QUERY, PAGE_LIMIT


class SearchParams(Schema):
    q: str = Field(
        ...,
        max_length=MAX_QUERY,
        description=(
            "What to look for: a name, a two-character Chinese word, pinyin initials (`hwjs`), "
            "a phone, an e-mail, or a number (`SO-0001234`, `1234`, a tracking number, a SKU). "
            "Blank is refused (`search.blank_query`)."
        ),
    )
    kinds: str = Field(
        "",
        max_length=200,
        description="Comma-separated kinds to search (`party,sales_order`); all when empty.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=PAGE_LIMIT, description="Results per kind (1–20).")


class SearchResultOut(Schema):
    kind: str = Field(..., description="`party`, `contact`, `sales_order`, `product`…")
    title: str
    subtitle: str
    url: str = Field(..., description="The record's page.")


class SearchGroupOut(Schema):
    kind: str
    label: str = Field(..., description="The kind's name in the caller's language.")
    results: list[SearchResultOut]
    has_more: bool = Field(..., description="More records of this kind match than are shown.")
    more_url: str = Field(..., description="The full list of this kind for the query (may be empty).")


class SearchOut(Schema):
    query: str
    groups: list[SearchGroupOut]
