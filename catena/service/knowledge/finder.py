"""What search everywhere finds in the knowledge base: articles by number (``KB-000012``,
``12``) and by their words, best match first. It reads through the gate: staff find the
published articles (writers every article), a portal reader only the published public ones."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.accounts import roles
from catena.core import access
from catena.service.knowledge.search import ranked
from catena.service.models import Article
from catena.workspace import search
from catena.workspace.search import Result, first_matches, number_conditions


def _url(user: Any, pk: int) -> str:
    name = "portal:help_article" if roles.is_portal(user) else "service:article_detail"
    return reverse(name, args=[pk])


def find_articles(user: Any, query: str, limit: int) -> list[Result]:
    """Articles by number, then the best matches of the query's words."""
    visible = Article.objects.for_user(user, access.VIEW).select_related("current_zh", "current_en")
    found: dict[int, Article] = {}
    numbered = first_matches(visible, number_conditions(query, "KB"), ("pk",), limit)
    for article in visible.filter(pk__in=[row[0] for row in numbered]):
        found[article.pk] = article
    for article in ranked(visible, query)[: limit + len(found)]:
        found.setdefault(article.pk, article)
    statuses = dict(Article._meta.get_field("status").flatchoices)
    return [
        Result(
            "article",
            f"{article.number} {article.title}",
            str(statuses.get(article.status, article.status)),
            _url(user, article.pk),
        )
        for article in list(found.values())[:limit]
    ]


def _more(query: str) -> str:
    return f"{reverse('service:article_list')}?{urlencode({'q': query})}"


def register_search() -> None:
    """Register articles and the knowledge base's commands with search everywhere."""
    search.register(
        "article", pgettext_lazy("search kind", "Articles"), find_articles, order=39, more_url=_more
    )
    search.register_command(
        "article_create",
        _("New article"),
        "service:article_create",
        lambda user: access.can(user, access.ADD, Article) and not roles.is_portal(user),
        keywords="new article knowledge base help",
        order=39,
    )
    search.register_command(
        "article_list",
        _("Go to the knowledge base"),
        "service:article_list",
        lambda user: access.can(user, access.VIEW, Article) and not roles.is_portal(user),
        keywords="knowledge base articles help faq",
        order=69,
    )
