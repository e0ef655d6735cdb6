"""Who reads and writes the knowledge base.

- The service desk, managers and administrators write articles (create, edit, publish, archive)
  and read every article in every status, with its versions and its feedback.
- Every other member of staff reads the published articles, internal and public.
- A portal user reads only the published public articles, and of those only the current texts
  (an earlier version may hold what was taken out for a reason), never the feedback of others.
- Categories are read by everybody signed in (they name the shelves of the portal's help
  centre too) and set by the writers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.core.access import Fields
from catena.parties.policies import portal_party_id
from catena.service.choices import ArticleStatus, ArticleVisibility
from catena.service.models import Article, ArticleCategory, ArticleFeedback, ArticleVersion

WRITERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.SERVICE})
WRITES = frozenset({access.ADD, access.CHANGE})
READS = frozenset({access.VIEW, access.EXPORT})
PUBLIC = Q(status=ArticleStatus.PUBLISHED, visibility=ArticleVisibility.PUBLIC)
# What a portal reader gets of an article: no author, no counters, no internal bookkeeping.
PORTAL_ARTICLE_FIELDS = frozenset(
    {"id", "number", "category", "visibility", "status", "title", "language", "texts", "published_at",
     "updated_at", "snippet", "rank", "versions"}
)  # fmt: skip


# What a portal reader gets of a text: no author (staff names are ours).
PORTAL_VERSION_FIELDS = frozenset({"id", "language", "version", "title", "body", "created_at"})


def is_writer(user: Any) -> bool:
    """May ``user`` write articles (the service desk, managers, administrators)?"""
    return access.is_active_user(user) and roles.role_of(user) in WRITERS


def is_portal_reader(user: Any) -> bool:
    """A signed-in portal user tied to a party: reads the published public articles."""
    return access.is_active_user(user) and roles.is_portal(user) and portal_party_id(user) is not None


def _article_fields(user: Any) -> Fields:
    return Fields(only=PORTAL_ARTICLE_FIELDS) if roles.is_portal(user) else access.EVERY_FIELD


class ArticlePolicy:
    fields = staticmethod(_article_fields)

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if is_writer(user):
            return action in READS | WRITES
        if action not in READS:
            return False
        if isinstance(obj, type):
            return roles.is_internal(user) or is_portal_reader(user)
        if obj.status != ArticleStatus.PUBLISHED:
            return False
        if roles.is_internal(user):
            return True
        return is_portal_reader(user) and obj.visibility == ArticleVisibility.PUBLIC

    def scope(self, user: Any, action: str) -> Q:
        if is_writer(user):
            return Q() if action in READS | WRITES else access.NOTHING
        if action not in READS or not access.is_active_user(user):
            return access.NOTHING
        if roles.is_internal(user):
            return Q(status=ArticleStatus.PUBLISHED)
        return PUBLIC if is_portal_reader(user) else access.NOTHING


def _version_fields(user: Any) -> Fields:
    return Fields(only=PORTAL_VERSION_FIELDS) if roles.is_portal(user) else access.EVERY_FIELD


class ArticleVersionPolicy:
    """Versions follow their article; a portal reader reads only the current texts, unsigned."""

    fields = staticmethod(_version_fields)

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action not in READS:
            return False  # versions are written by the services, never changed
        if isinstance(obj, type):
            return access.can(user, action, Article)
        if not access.can(user, action, obj.article):
            return False
        if roles.is_internal(user):
            return True
        return obj.pk in (obj.article.current_zh_id, obj.article.current_en_id)

    def scope(self, user: Any, action: str) -> Q:
        if action not in READS:
            return access.NOTHING
        article_q = access.scope(user, action, Article)
        if article_q == access.NOTHING:
            return access.NOTHING
        if article_q == Q():
            return Q()
        if roles.is_internal(user):
            return Q(article__in=Article.objects.filter(article_q).values("pk"))
        current = Article.objects.filter(article_q)
        return Q(pk__in=current.values("current_zh")) | Q(pk__in=current.values("current_en"))


class ArticleCategoryPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if is_writer(user):
            return action in READS | WRITES
        return action == access.VIEW and (roles.is_internal(user) or is_portal_reader(user))

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, ArticleCategory) else access.NOTHING


class ArticleFeedbackPolicy:
    """Staff who read an article read its feedback; a reader sees and gives only its own."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not access.is_active_user(user):
            return False
        if action == access.ADD:
            return roles.is_internal(user) or is_portal_reader(user)
        if action not in READS:
            return False  # feedback is given through the services, never edited by hand
        if isinstance(obj, type):
            return roles.is_internal(user) or is_portal_reader(user)
        if roles.is_internal(user):
            return access.can(user, access.VIEW, obj.article)
        return obj.user_id == user.pk

    def scope(self, user: Any, action: str) -> Q:
        if action not in READS or not access.is_active_user(user):
            return access.NOTHING
        if is_writer(user):
            return Q()
        if roles.is_internal(user):
            return Q(article__status=ArticleStatus.PUBLISHED)
        return Q(user_id=user.pk) if is_portal_reader(user) else access.NOTHING


access.register(Article, ArticlePolicy())
access.register(ArticleVersion, ArticleVersionPolicy())
access.register(ArticleCategory, ArticleCategoryPolicy())
access.register(ArticleFeedback, ArticleFeedbackPolicy())
