"""Schemas of the knowledge base's API. A portal reader gets the portal's view of an article
(its texts, no author, counters or revisions) and only its current texts as versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, PageParams, RowId, RuledOut
from catena.parties.schemas import UserRefOut
from catena.service.choices import ArticleStatus, ArticleVisibility
from catena.service.models import Article, ArticleVersion
from catena.service.models.knowledge import preferred_language
from catena.service.services.knowledge import BODY_MAX, COMMENT_MAX, TITLE_MAX

QUERY_MAX = 200


class ArticleCategoryOut(Schema):
    id: int
    slug: str
    name: str = Field(..., description="The name in Chinese.")
    name_en: str


class ArticleTextOut(Schema):
    """The current text of one language."""

    language: str = Field(..., description="`zh-hans` or `en`.")
    version: int = Field(..., description="The revision that wrote this text.")
    title: str
    body: str = Field(..., description="Plain text; paragraphs are separated by blank lines.")

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return int(obj.number)


class ArticleVersionOut(ArticleTextOut, RuledOut):
    """A saved text; a portal reader gets it without its author."""

    FIELD_MODEL = ArticleVersion

    id: int
    author_name: str
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj: Any) -> str:
        return obj.author.display_name if obj.author_id else ""


class ArticleOut(Schema, RuledOut):
    """An article with its current texts. ``title`` is in the caller's language when the article
    has a text in it, else in the other language."""

    FIELD_MODEL = Article

    id: int
    number: str
    category: ArticleCategoryOut | None
    visibility: str
    status: str
    allowed_statuses: list[str]
    title: str
    texts: list[ArticleTextOut]
    revision: int | None = Field(None, description="The number of the latest edit of the texts.")
    version: int | None = Field(None, description="Grows on every change; send it back to edit.")
    helpful_count: int | None
    not_helpful_count: int | None
    created_by: UserRefOut | None
    published_at: datetime | None
    created_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_title(obj: Any) -> str:
        text = obj.text(preferred_language())
        return text.title if text else obj.number

    @staticmethod
    def resolve_texts(obj: Any) -> list[Any]:
        return [t for t in (obj.current_zh, obj.current_en) if t is not None]

    @staticmethod
    def resolve_allowed_statuses(obj: Any) -> list[str]:
        return list(obj.allowed_statuses())


class ArticleHitOut(Schema, RuledOut):
    """An article in a list or a search: its title in the caller's language and, with `q`, how
    well it matches and a snippet of its text (read one article for its texts and versions)."""

    FIELD_MODEL = Article

    id: int
    number: str
    category: ArticleCategoryOut | None
    visibility: str
    status: str
    title: str
    rank: float | None = Field(
        None, description="How well it matches `q` (higher is better); null without `q`."
    )
    snippet: str = Field("", description="A piece of the text around the first word of `q` found.")
    helpful_count: int | None
    not_helpful_count: int | None
    published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_title(obj: Any) -> str:
        text = obj.text(preferred_language())
        return text.title if text else obj.number


class ArticleDetailOut(ArticleOut):
    versions: list[ArticleVersionOut] = Field(
        default_factory=list,
        description="Every saved text, the newest first (a portal reader: the current ones).",
    )

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(getattr(obj, "versions_read", []))


class ArticlePageOut(Schema):
    count: int
    items: list[ArticleHitOut]


class ArticleListParams(PageParams):
    q: str = Field(
        "",
        max_length=QUERY_MAX,
        description="Words to find (Chinese words of two characters or more, English words or their start).",
    )
    category: RowId | None = None
    status: ArticleStatus | None = None
    visibility: ArticleVisibility | None = None


class ArticleIn(InSchema):
    """A new draft: a title and a text in Chinese, in English, or both."""

    category: RowId | None = None
    visibility: ArticleVisibility = ArticleVisibility.INTERNAL
    title_zh: str = Field("", max_length=TITLE_MAX)
    body_zh: str = Field("", max_length=BODY_MAX)
    title_en: str = Field("", max_length=TITLE_MAX)
    body_en: str = Field("", max_length=BODY_MAX)


class ArticlePatch(InSchema):
    """The fields sent change; a language whose title or text changes gets a new version. Sending
    a language's title and text empty removes that language's text."""

    category: RowId | None = None
    visibility: ArticleVisibility | None = None
    title_zh: str | None = Field(None, max_length=TITLE_MAX)
    body_zh: str | None = Field(None, max_length=BODY_MAX)
    title_en: str | None = Field(None, max_length=TITLE_MAX)
    body_en: str | None = Field(None, max_length=BODY_MAX)
    version: int | None = Field(None, description="The version read; a stale one answers 409.")


class ArticleStatusIn(InSchema):
    status: ArticleStatus = Field(..., description="`published` or `archived`.")
    version: int | None = Field(None, description="The version read; a stale one answers 409.")


class ArticleFeedbackIn(InSchema):
    helpful: bool = Field(..., description="Did the article help?")
    comment: str = Field("", max_length=COMMENT_MAX)


class ArticleFeedbackOut(Schema):
    article: int
    helpful: bool
    comment: str
    updated_at: datetime

    @staticmethod
    def resolve_article(obj: Any) -> int:
        return int(obj.article_id)

    @staticmethod
    def resolve_helpful(obj: Any) -> bool:
        return bool(obj.is_helpful)
