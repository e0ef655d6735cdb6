"""REST endpoints of the knowledge base: list and search articles, read one with its versions,
write, publish and archive them (the service desk), and answer "did this help?". A portal reader
lists, reads and rates only the published public articles; any other article is a 404."""

from __future__ import annotations

from html import unescape
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.core import gate
from catena.core.api_schemas import RowId, with_errors
from catena.core.gate import actor_of
from catena.service.choices import ArticleStatus
from catena.service.knowledge import selectors
from catena.service.knowledge.schemas import (
    ArticleDetailOut,
    ArticleFeedbackIn,
    ArticleFeedbackOut,
    ArticleIn,
    ArticleListParams,
    ArticlePageOut,
    ArticlePatch,
    ArticleStatusIn,
)
from catena.service.models import Article, ArticleCategory, ArticleFeedback
from catena.service.services import knowledge as services
from catena.service.services.knowledge import KEEP

router = Router(tags=["articles"])


def _article(request: HttpRequest, article_id: int) -> Article:
    return gate.api_record(
        request,
        Article.objects.select_related("category", "current_zh", "current_en", "created_by"),
        article_id,
    )


def _detail(request: HttpRequest, article_id: int) -> Article:
    article = _article(request, article_id)
    article.versions_read = list(selectors.versions(actor_of(request), article))  # type: ignore[attr-defined]
    return article


def _category(request: HttpRequest, pk: int | None) -> ArticleCategory | None:
    """The category named in the input: an unknown one is a 422 on ``category``."""
    if pk is None:
        return None
    found = gate.find(actor_of(request), ArticleCategory, pk)
    if found is None:
        raise ValidationError(
            {"category": ValidationError(_("No such category."), code="article.unknown_category")}
        )
    return found


@router.get("/", response=with_errors({200: ArticlePageOut}), summary="List or search articles")
def list_articles(request: HttpRequest, params: Query[ArticleListParams]) -> dict[str, Any]:
    """With `q`, the best matches first (a match in a title above one in a text), each with a
    snippet; without, the most recently changed first."""
    found = selectors.article_list(
        actor_of(request),
        q=params.q,
        category=params.category,
        status=params.status or "",
        visibility=params.visibility or "",
    )
    items = list(found[params.offset : params.offset + params.limit])
    searched = bool(params.q.strip())
    for article in items:
        article.snippet = _plain(selectors.text_snippet(article, params.q)) if searched else ""  # type: ignore[attr-defined]
        if not searched:
            article.rank = None  # type: ignore[attr-defined]
    return {"count": found.count(), "items": items}


def _plain(marked: str) -> str:
    """The API's snippet is plain text: no ``<mark>``, no entities."""
    return unescape(marked.replace("<mark>", "").replace("</mark>", ""))


@router.post("/", response=with_errors({201: ArticleDetailOut}, 403), summary="Write a new article")
def create_article(request: HttpRequest, payload: ArticleIn) -> Status[Article]:
    """A draft: publish it to let readers find it."""
    data = payload.model_dump()
    data["category"] = _category(request, data.pop("category"))
    article = services.create_article(actor=actor_of(request), **data)
    return Status(201, _detail(request, article.pk))


@router.get("/{article_id}", response=with_errors({200: ArticleDetailOut}, 404), summary="Get an article")
def get_article(request: HttpRequest, article_id: RowId) -> Article:
    return _detail(request, article_id)


@router.patch(
    "/{article_id}", response=with_errors({200: ArticleDetailOut}, 403, 404, 409), summary="Edit an article"
)
def edit_article(request: HttpRequest, article_id: RowId, payload: ArticlePatch) -> Article:
    """A language whose title or text changes gets a new version; the earlier ones stay."""
    article = _article(request, article_id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    changes: dict[str, Any] = {
        key: data.get(key, KEEP) for key in ("title_zh", "body_zh", "title_en", "body_en")
    }
    changes = {
        key: ("" if value is None else value) if value is not KEEP else KEEP for key, value in changes.items()
    }
    if "category" in data:
        changes["category"] = _category(request, data["category"])
    if data.get("visibility") is not None:
        changes["visibility"] = data["visibility"]
    services.edit_article(article, actor=actor_of(request), expected_version=version, **changes)
    return _detail(request, article_id)


@router.post(
    "/{article_id}/status",
    response=with_errors({200: ArticleDetailOut}, 403, 404, 409),
    summary="Publish or archive an article",
)
def change_status(request: HttpRequest, article_id: RowId, payload: ArticleStatusIn) -> Article:
    """`published` lets readers find it (again, from `archived`); `archived` retires it."""
    article = _article(request, article_id)
    if payload.status == ArticleStatus.PUBLISHED:
        services.publish_article(article, actor=actor_of(request), expected_version=payload.version)
    elif payload.status == ArticleStatus.ARCHIVED:
        services.archive_article(article, actor=actor_of(request), expected_version=payload.version)
    else:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("The article cannot move to this status."), code="article.transition_not_allowed"
                )
            }
        )
    return _detail(request, article_id)


@router.post(
    "/{article_id}/feedback",
    response=with_errors({200: ArticleFeedbackOut}, 403, 404),
    summary="Say whether an article helped",
)
def give_feedback(request: HttpRequest, article_id: RowId, payload: ArticleFeedbackIn) -> ArticleFeedback:
    """One answer per reader and article: a second one replaces the first."""
    article = _article(request, article_id)
    return services.record_feedback(
        article, actor=actor_of(request), is_helpful=payload.helpful, comment=payload.comment
    )
