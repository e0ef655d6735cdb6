"""The knowledge base's use cases: write an article (each edit keeps the earlier texts as
versions), publish and archive it, and record a reader's "did this help?".

Texts come per language as ``title_zh``/``body_zh`` (Simplified Chinese) and
``title_en``/``body_en`` (English): the same names on the pages, in the API and in the errors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.validation import Errors
from catena.core.versions import check_version
from catena.parties.policies import portal_party_id
from catena.service.choices import ArticleLanguage, ArticleStatus, ArticleVisibility
from catena.service.events import ArticleArchived, ArticlePublished
from catena.service.knowledge.search import document
from catena.service.models import Article, ArticleCategory, ArticleFeedback, ArticleVersion

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 500
# language -> (the field suffix of its title and text, the article's pointer to its current text)
LANGUAGES = {ArticleLanguage.ZH_HANS: ("zh", "current_zh"), ArticleLanguage.EN: ("en", "current_en")}
KEEP: Any = object()  # "leave as it is" for an edit's optional arguments

Text = tuple[str, str] | None  # (title, body) of one language; None: that language has no text


def _checked_texts(given: dict[str, Text], errors: Errors) -> dict[str, Text]:
    """Each language's (title, body) stripped and checked: both or neither."""
    found: dict[str, Text] = {}
    for language, text in given.items():
        suffix = LANGUAGES[ArticleLanguage(language)][0]
        title, body = ((text[0] or "").strip(), (text[1] or "").strip()) if text else ("", "")
        if len(title) > TITLE_MAX:
            errors.add(f"title_{suffix}", _("The value is too long."), "too_long")
        if len(body) > BODY_MAX:
            errors.add(f"body_{suffix}", _("The value is too long."), "too_long")
        if body and not title:
            errors.add(f"title_{suffix}", _("Give this text a title."), "article.title_required")
        elif title and not body:
            errors.add(f"body_{suffix}", _("Write the text of this title."), "article.title_required")
        found[language] = (title, body) if title and body else None
    return found


def _texts(
    title_zh: Any, body_zh: Any, title_en: Any, body_en: Any, article: Article | None = None
) -> dict[str, Text]:
    """The languages an edit gives: a language whose title and text are both ``KEEP`` stays as
    it is, and a title or a text left ``KEEP`` beside a new one keeps its current value."""
    given: dict[str, Text] = {}
    for language, title, body in (
        (ArticleLanguage.ZH_HANS, title_zh, body_zh),
        (ArticleLanguage.EN, title_en, body_en),
    ):
        if title is KEEP and body is KEEP:
            continue
        current = getattr(article, LANGUAGES[language][1]) if article is not None else None
        given[language] = (
            (current.title if current else "") if title is KEEP else title,
            (current.body if current else "") if body is KEEP else body,
        )
    return given


def _check_fields(category: Any, visibility: Any, errors: Errors) -> None:
    if category is not KEEP and category is not None and not isinstance(category, ArticleCategory):
        errors.add("category", _("No such category."), "article.unknown_category")
    if visibility is not KEEP and visibility not in ArticleVisibility.values:
        errors.add("visibility", _("Choose internal or public."), "invalid_choice")


def _write_texts(article: Article, texts: dict[str, Text], actor: User) -> bool:
    """Add a version for each language whose text changed; True when any did."""
    changed: dict[str, Text] = {}
    for language, text in texts.items():
        current: ArticleVersion | None = getattr(article, LANGUAGES[ArticleLanguage(language)][1])
        before = (current.title, current.body) if current else None
        if text != before:
            changed[language] = text
    if not changed:
        return False
    article.revision += 1
    for language, text in changed.items():
        pointer = LANGUAGES[ArticleLanguage(language)][1]
        version = None
        if text is not None:
            version = ArticleVersion.objects.create(
                article=article,
                number=article.revision,
                language=language,
                title=text[0],
                body=text[1],
                author=actor,
            )
        setattr(article, pointer, version)
    return True


def fill_search_documents(article: Article) -> None:
    """Set the search documents of the current texts (``service.knowledge.search``); the seed
    calls it too, so its articles are found as the services' are."""
    texts = [t for t in (article.current_zh, article.current_en) if t is not None]
    article.search_title = document([article.number.replace("-", " "), *(t.title for t in texts)])
    article.search_body = document([t.body for t in texts])


@transaction.atomic
def create_article(
    *,
    actor: User,
    title_zh: str = "",
    body_zh: str = "",
    title_en: str = "",
    body_en: str = "",
    category: ArticleCategory | None = None,
    visibility: str = ArticleVisibility.INTERNAL,
) -> Article:
    """A new draft article with a text in one language or both (each its first version)."""
    if not access.can(actor, access.ADD, Article):
        raise access.PermissionDenied(access.ADD, Article)
    errors = Errors()
    texts = _checked_texts(_texts(title_zh, body_zh, title_en, body_en), errors)
    _check_fields(category, visibility, errors)
    if not errors.by_field and not any(texts.values()):
        errors.add(
            "title_zh", _("Write a title and a text in Chinese or in English."), "article.text_required"
        )
    errors.raise_if_any()
    (pk,) = reserve_ids(Article, 1)
    article = Article.objects.create(
        pk=pk,
        number=f"KB-{pk:06d}",
        category=category,
        visibility=visibility,
        status=ArticleStatus.DRAFT,
        created_by=actor,
    )
    _write_texts(article, texts, actor)
    fill_search_documents(article)
    article.save()
    return article


@transaction.atomic
def edit_article(
    article: Article,
    *,
    actor: User,
    title_zh: Any = KEEP,
    body_zh: Any = KEEP,
    title_en: Any = KEEP,
    body_en: Any = KEEP,
    category: Any = KEEP,
    visibility: Any = KEEP,
    expected_version: int | None = None,
) -> Article:
    """Change an article: a language whose title or text changed gets a new version (the earlier
    ones stay, so the history shows who wrote what); a language given empty loses its text, but
    an article keeps a text in one language at least. A published article stays published."""
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("current_zh", "current_en")
        .get(pk=article.pk)
    )
    if not access.can(actor, access.CHANGE, article):
        raise access.PermissionDenied(access.CHANGE, article)
    check_version(article, expected_version)
    errors = Errors()
    texts = _checked_texts(_texts(title_zh, body_zh, title_en, body_en, article), errors)
    _check_fields(category, visibility, errors)
    remaining = {
        language: texts.get(language, getattr(article, pointer))
        for language, (_suffix, pointer) in LANGUAGES.items()
    }
    if not errors.by_field and not any(remaining.values()):
        errors.add(
            "title_zh", _("Write a title and a text in Chinese or in English."), "article.text_required"
        )
    errors.raise_if_any()
    changed = _write_texts(article, texts, actor)
    if category is not KEEP and category != article.category:
        article.category, changed = category, True
    if visibility is not KEEP and visibility != article.visibility:
        article.visibility, changed = visibility, True
    if changed:
        fill_search_documents(article)
        article.version += 1
        article.save()
    return article


def _move(article: Article, status: str, actor: User, expected_version: int | None) -> tuple[Article, str]:
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not access.can(actor, access.CHANGE, article):
        raise access.PermissionDenied(access.CHANGE, article)
    check_version(article, expected_version)
    if status not in article.allowed_statuses():
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("The article cannot move to this status."), code="article.transition_not_allowed"
                    )
                ]
            }
        )
    was = article.status
    article.status = status
    article.version += 1
    if status == ArticleStatus.PUBLISHED:
        article.published_at = timezone.now()
    article.save(update_fields=["status", "version", "published_at", "updated_at"])
    return article, was


@transaction.atomic
def publish_article(article: Article, *, actor: User, expected_version: int | None = None) -> Article:
    """Readers find the article from now on (a public one in the portal too)."""
    article, _was = _move(article, ArticleStatus.PUBLISHED, actor, expected_version)
    languages = [
        language
        for language, (_suffix, pointer) in LANGUAGES.items()
        if getattr(article, f"{pointer}_id") is not None
    ]
    events.emit(
        ArticlePublished(
            number=article.number,
            visibility=article.visibility,
            revision=article.revision,
            languages=[str(language) for language in languages],
        ),
        article,
        actor=actor,
    )
    return article


@transaction.atomic
def archive_article(article: Article, *, actor: User, expected_version: int | None = None) -> Article:
    """Retire the article: readers no longer find it, writers still read it and may publish it again."""
    article, was = _move(article, ArticleStatus.ARCHIVED, actor, expected_version)
    events.emit(ArticleArchived(number=article.number, was=was), article, actor=actor)
    return article


@transaction.atomic
def record_feedback(article: Article, *, actor: User, is_helpful: bool, comment: str = "") -> ArticleFeedback:
    """A reader's answer to "did this help?". One answer per reader and article: a second one
    replaces the first, and the article's counters follow (single conditional updates)."""
    if not access.can(actor, access.VIEW, article) or not access.can(actor, access.ADD, ArticleFeedback):
        raise access.PermissionDenied(access.VIEW, article)
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError(_("Only a published article takes feedback."), code="article.not_published")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": [ValidationError(_("The value is too long."), code="too_long")]})
    existing = ArticleFeedback.objects.select_for_update().filter(article=article, user=actor).first()
    counters = {True: "helpful_count", False: "not_helpful_count"}
    if existing is None:
        feedback = ArticleFeedback.objects.create(
            article=article,
            user=actor,
            party_id=portal_party_id(actor),
            is_helpful=is_helpful,
            comment=comment,
        )
        Article.objects.filter(pk=article.pk).update(**{counters[is_helpful]: F(counters[is_helpful]) + 1})
        return feedback
    if existing.is_helpful != is_helpful:
        old, new = counters[existing.is_helpful], counters[is_helpful]
        Article.objects.filter(pk=article.pk).update(**{old: F(old) - 1, new: F(new) + 1})
    existing.is_helpful, existing.comment = is_helpful, comment
    existing.save(update_fields=["is_helpful", "comment", "updated_at"])
    return existing
