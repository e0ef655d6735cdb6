"""Reads of the knowledge base shared by the staff pages, the portal, the API and search
everywhere; each starts from the access gate, so a portal reader never meets an internal or
unpublished article in a list, a page, an answer or a suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from catena.core import access
from catena.service.choices import ArticleStatus
from catena.service.knowledge.search import ranked, snippet, terms
from catena.service.models import Article, ArticleCategory, ArticleFeedback, ArticleVersion
from catena.service.models.knowledge import preferred_language

SUGGESTIONS = 5
# The search documents stay in the database; the texts of a page's articles come in two look-ups
# by id after the ranking, rather than joined to every match before it.
SEARCH_DOCUMENTS = ("search_title", "search_body")


def _listed(articles: QuerySet[Article]) -> QuerySet[Article]:
    return (
        articles.select_related("category")
        .defer(*SEARCH_DOCUMENTS)
        .prefetch_related("current_zh", "current_en")
    )


def article_list(
    user: Any,
    *,
    q: str = "",
    category: int | None = None,
    status: str = "",
    visibility: str = "",
    public_only: bool = False,
) -> QuerySet[Article]:
    """The articles ``user`` may read, filtered; with ``q`` the best matches first (each with its
    ``rank``), else the most recently changed. ``public_only`` keeps what customers read (the
    portal's list, whoever looks)."""
    found = _listed(Article.objects.for_user(user, access.VIEW))
    if public_only:
        found = found.filter(status=ArticleStatus.PUBLISHED, visibility="public")
    if category:
        found = found.filter(category_id=category)
    if status:
        found = found.filter(status=status)
    if visibility:
        found = found.filter(visibility=visibility)
    if q.strip():
        return ranked(found, q)
    return found.order_by("-updated_at", "-id")


def suggestions(
    user: Any, text: str, *, public_only: bool = False, limit: int = SUGGESTIONS
) -> list[Article]:
    """Up to ``limit`` published articles sharing the most words with ``text`` (a case's subject
    or a reply being written): any word may match, more matches rank higher."""
    found = _listed(Article.objects.for_user(user, access.VIEW).published())
    if public_only:
        found = found.filter(visibility="public")
    return list(ranked(found, text, any_term=True)[:limit])


def visible_article(user: Any, pk: int) -> Article | None:
    """The article ``pk`` with what its page shows, or None when ``user`` may not read it."""
    return (
        Article.objects.for_user(user, access.VIEW)
        .select_related("category", "current_zh", "current_en", "created_by")
        .filter(pk=pk)
        .first()
    )


def versions(user: Any, article: Article) -> QuerySet[ArticleVersion]:
    """The article's versions ``user`` may read, the newest first (a portal reader: the current texts)."""
    return article.versions.for_user(user, access.VIEW).select_related("author")


def categories(user: Any) -> QuerySet[ArticleCategory]:
    return ArticleCategory.objects.for_user(user, access.VIEW)


def own_feedback(user: Any, article: Article) -> ArticleFeedback | None:
    """What ``user`` answered to "did this help?" on ``article``, if anything."""
    return article.feedback.for_user(user, access.VIEW).filter(user_id=user.pk).first()


def recent_feedback(user: Any, article: Article, limit: int = 20) -> list[ArticleFeedback]:
    """The latest answers with a comment (what writers improve an article from)."""
    return list(
        article.feedback.for_user(user, access.VIEW)
        .exclude(comment="")
        .select_related("user", "party")[:limit]
    )


@dataclass(frozen=True, slots=True)
class Hit:
    """An article as a result list shows it: its text in the reader's language and a snippet."""

    article: Article
    title: str
    snippet: SafeString


def hits(articles: list[Article], query: str, language: str | None = None) -> list[Hit]:
    """``articles`` with the title in ``language`` (the active one) and a snippet of the text
    the query's words are found in (the reader's language first)."""
    language = preferred_language(language)
    found = []
    for article in articles:
        text = article.text(language)
        found.append(
            Hit(article, text.title if text else article.number, text_snippet(article, query, language))
        )
    return found


def text_snippet(article: Article, query: str, language: str | None = None) -> SafeString:
    """A snippet of the article's text in ``language``, or of its other text when only that one
    holds a word of ``query``."""
    preferred = article.text(language)
    texts = [t for t in (preferred, article.current_zh, article.current_en) if t is not None]
    needles = [t.word for t in terms(query)]
    chosen = next(
        (t for t in texts if any(n in t.body.lower() for n in needles)), texts[0] if texts else None
    )
    return snippet(chosen.body if chosen else "", query)
