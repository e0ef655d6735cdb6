"""The knowledge base: articles in categories, each with a Simplified Chinese and an English text
whose every edit is kept as a version, and the readers' "did this help?" answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.parties.models import Party
from catena.service.choices import (
    ARTICLE_TRANSITIONS,
    ArticleLanguage,
    ArticleStatus,
    ArticleVisibility,
)


def preferred_language(language: str | None = None) -> str:
    """The article language closest to ``language`` (the active one by default)."""
    code = (language or get_language() or "").lower()
    return ArticleLanguage.EN if code.startswith("en") else ArticleLanguage.ZH_HANS


class ArticleCategory(models.Model):
    """A shelf of the knowledge base (returns, transport damage, invoices…), named in both
    languages because customers read it in either."""

    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        constraints = [models.UniqueConstraint(fields=["slug"], name="articlecategory_slug_unique")]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in ``language`` (the active one by default), else the other."""
        if preferred_language(language) == ArticleLanguage.EN and self.name_en:
            return self.name_en
        return self.name or self.name_en


class ArticleQuerySet(GatedQuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)


class Article(TimeStampedModel):
    """One piece of knowledge: how a return works, how to claim for transport damage. It is
    internal (staff only) or public (customers read it in the portal), and numbered ``KB-000123``
    after its id. Its texts live in :class:`ArticleVersion` rows; ``current_zh`` and
    ``current_en`` point to the latest text of each language (either may be missing).

    ``search_title`` and ``search_body`` are the search documents of the current texts of both
    languages (``catena.service.knowledge.search``): derived, rebuilt by the services on each edit.
    """

    number = models.CharField(_("article number"), max_length=20)
    category = models.ForeignKey(
        ArticleCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=ArticleVisibility.choices, default=ArticleVisibility.INTERNAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    # the number of the latest edit of the texts (each edit's versions carry it)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    # grows on every change (texts, category, visibility, status): a stale edit is refused
    version = models.PositiveIntegerField(_("version"), default=1)
    current_zh = models.ForeignKey(
        "ArticleVersion",
        verbose_name=_("current Chinese text"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_en = models.ForeignKey(
        "ArticleVersion",
        verbose_name=_("current English text"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_title = models.TextField(_("search title"), blank=True, editable=False)
    search_body = models.TextField(_("search text"), blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [models.UniqueConstraint(fields=["number"], name="article_number_unique")]
        indexes = [
            models.Index(fields=["status", "visibility"], name="article_status_visibility"),
            models.Index(fields=["category", "status"], name="article_category"),
        ]

    def __str__(self) -> str:
        return self.number

    def text(self, language: str | None = None) -> ArticleVersion | None:
        """The current text in ``language`` (the active one by default), else the other one."""
        if preferred_language(language) == ArticleLanguage.EN:
            return self.current_en or self.current_zh
        return self.current_zh or self.current_en

    @property
    def title(self) -> str:
        found = self.text()
        return found.title if found else self.number

    def allowed_statuses(self) -> list[str]:
        allowed = ARTICLE_TRANSITIONS.get(self.status, frozenset())
        return [status for status in ArticleStatus.values if status in allowed]


class ArticleVersion(models.Model):
    """One language's text of an article as it was saved: an edit adds a row, none is changed, so
    the history shows who wrote what and when. ``number`` is the article's revision the edit made
    (an edit of both languages gives both rows the same number)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10, choices=ArticleLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-number", "language", "-id"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "number"], name="articleversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number} {self.language}"


class ArticleFeedback(models.Model):
    """A reader's answer to "did this help?": one per reader and article, a second vote replaces
    the first. ``party`` is the customer a portal reader answered for (empty for staff)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="+"
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_helpful = models.BooleanField(_("helpful"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="articlefeedback_one_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.is_helpful else '-'}"
