"""The customer's help centre: the knowledge base's published public articles, searchable, each
with "did this help?", and the suggestions shown while the customer writes a new request. An
internal, draft or archived article is a 404 here, as if it did not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.accounts.models import User
from catena.parties.models import Party
from catena.portal.policies import HELP
from catena.portal.views.common import (
    is_fragment,
    paginate,
    party_record_or_404,
    portal_of,
    portal_page,
    post_form,
    render_portal,
)
from catena.service.choices import ArticleStatus, ArticleVisibility
from catena.service.knowledge import selectors
from catena.service.knowledge.forms import ArticleFilterForm, FeedbackForm
from catena.service.models import Article
from catena.service.models.knowledge import preferred_language
from catena.service.services import knowledge as services

SUGGESTION_INPUT = 2000


def _public_article(user: User, party: Party, pk: int) -> Article | None:
    article = selectors.visible_article(user, pk)
    if article is None or article.status != ArticleStatus.PUBLISHED:
        return None
    return article if article.visibility == ArticleVisibility.PUBLIC else None


@portal_page(section=HELP)
@require_GET
def help_list(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    categories = selectors.categories(portal.user)
    form = ArticleFilterForm(request.GET or None, categories=categories, show_status=False)
    del form.fields["visibility"]
    data = form.cleaned_data if form.is_valid() else {}
    query = data.get("q") or ""
    found = selectors.article_list(portal.user, q=query, category=data.get("category"), public_only=True)
    page = paginate(request, found)
    context = {
        "form": form,
        "page_obj": page,
        "hits": selectors.hits(list(page), query),
        "query": query,
        "categories": categories,
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
    }
    template = "portal/help_list.html#rows" if is_fragment(request) else "portal/help_list.html"
    return render_portal(request, template, context, nav=HELP)


def _article_page(
    request: HttpRequest, article: Article, form: FeedbackForm | None = None, status: int = 200
) -> HttpResponse:
    user = portal_of(request).user
    context = {
        "article": article,
        "text": article.text(preferred_language()),
        "feedback": selectors.own_feedback(user, article),
        "form": form or FeedbackForm(),
    }
    return render_portal(request, "portal/help_article.html", context, nav=HELP, status=status)


@portal_page(section=HELP)
@require_GET
def help_article(request: HttpRequest, pk: int) -> HttpResponse:
    return _article_page(request, party_record_or_404(request, _public_article, pk))


@portal_page(section=HELP)
@require_POST
def help_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    article = party_record_or_404(request, _public_article, pk)
    form = FeedbackForm(request.POST)
    refused = post_form(
        request,
        form,
        lambda data: services.record_feedback(
            article, actor=portal_of(request).user, is_helpful=data["helpful"], comment=data["comment"]
        ),
        invalid=lambda bad: _article_page(request, article, bad, status=422),
    )
    if refused is not None:
        return refused
    messages.success(request, _("Thank you for your answer: it helps us improve our articles."))
    return redirect("portal:help_article", pk=article.pk)


@portal_page(section=HELP)
@require_GET
def help_suggestions(request: HttpRequest) -> HttpResponse:
    """Up to five public articles matching what the customer types into a new request (its
    subject and text), as a fragment for the request form."""
    user = portal_of(request).user
    text = " ".join(request.GET.get(key, "") for key in ("q", "subject", "body"))[:SUGGESTION_INPUT]
    found: list[Any] = selectors.suggestions(user, text, public_only=True) if text.strip() else []
    context = {"hits": selectors.hits(found, text), "typed": bool(text.strip())}
    return render(request, "portal/help_suggestions.html", context)
