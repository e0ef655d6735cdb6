"""The knowledge base's staff pages: the list with search and filters, an article with its
texts in both languages, its version history and its feedback, the forms to write and edit one,
publishing and archiving, and the suggestions shown beside a case's reply box."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.errors import stale_version_code
from catena.core.gate import is_fragment, refused_as_403, require
from catena.core.versions import StaleVersion
from catena.parties.forms import apply_service_errors
from catena.service.choices import ArticleLanguage, ArticleStatus
from catena.service.knowledge import selectors
from catena.service.knowledge.forms import ArticleFilterForm, ArticleForm, ArticleStatusForm
from catena.service.knowledge.policies import is_writer
from catena.service.models import Article
from catena.service.models.knowledge import preferred_language
from catena.service.services import knowledge as services

PAGE_SIZE = 25
SUGGESTION_INPUT = 2000
DETAIL = ("category", "current_zh", "current_en", "created_by")


@internal_page
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    writer = is_writer(user)
    form = ArticleFilterForm(request.GET or None, categories=selectors.categories(user), show_status=writer)
    data = form.cleaned_data if form.is_valid() else {}
    query = data.get("q") or ""
    found = selectors.article_list(
        user,
        q=query,
        category=data.get("category"),
        status=data.get("status") or "",
        visibility=data.get("visibility") or "",
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "hits": selectors.hits(list(page), query),
        "query": query,
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
        "can_add": access.can(user, access.ADD, Article),
        "filter_query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    if is_fragment(request):
        return render(request, "service/article_list.html#rows", context)
    return render(request, "service/article_list.html", context)


@internal_page
@require_GET
@gate.record(Article.objects.select_related(*DETAIL))
def article_detail(request: HttpRequest, article: Article) -> HttpResponse:
    user = request.user
    asked = request.GET.get("lang", "")
    language = asked if asked in ArticleLanguage.values else preferred_language()
    can_change = access.can(user, access.CHANGE, article)
    context = {
        "article": article,
        "language": language,
        "text": article.text(language),
        "has_both": bool(article.current_zh_id and article.current_en_id),
        "languages": ArticleLanguage.choices,
        "versions": selectors.versions(user, article),
        "comments": selectors.recent_feedback(user, article),
        "can_change": can_change,
        "moves": [(v, label) for v, label in ArticleStatus.choices if v in article.allowed_statuses()]
        if can_change
        else [],
    }
    return render(request, "service/article_detail.html", context)


def _service_fields(data: dict[str, Any], user: Any) -> dict[str, Any]:
    category = data.get("category")
    found = gate.find(user, selectors.categories(user), category) if category else None
    return {
        "category": found,
        "visibility": data["visibility"],
        **{key: data.get(key) or "" for key in ("title_zh", "body_zh", "title_en", "body_en")},
    }


@internal_page
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, Article)
    categories = selectors.categories(request.user)
    form = ArticleForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                article = services.create_article(
                    actor=acting_user(request), **_service_fields(form.cleaned_data, request.user)
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Article %(number)s saved as a draft.") % {"number": article.number})
            return redirect("service:article_detail", pk=article.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "service/article_form.html", {"form": form, "article": None}, status=status)


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(Article.objects.select_related(*DETAIL), require=access.CHANGE)
def article_edit(request: HttpRequest, article: Article) -> HttpResponse:
    categories = selectors.categories(request.user)
    initial = {
        "category": article.category_id,
        "visibility": article.visibility,
        "version": article.version,
        "title_zh": article.current_zh.title if article.current_zh else "",
        "body_zh": article.current_zh.body if article.current_zh else "",
        "title_en": article.current_en.title if article.current_en else "",
        "body_en": article.current_en.body if article.current_en else "",
    }
    form = ArticleForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                services.edit_article(
                    article,
                    actor=acting_user(request),
                    expected_version=form.cleaned_data.get("version"),
                    **_service_fields(form.cleaned_data, request.user),
                )
        except StaleVersion as exc:
            messages.error(request, str(stale_version_code(exc.obj).message))
            return redirect("service:article_edit", pk=article.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Article %(number)s saved.") % {"number": article.number})
            return redirect("service:article_detail", pk=article.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "service/article_form.html", {"form": form, "article": article}, status=status)


@internal_page
@require_POST
@gate.record(Article, require=access.CHANGE)
def article_status(request: HttpRequest, article: Article) -> HttpResponse:
    form = ArticleStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The article cannot move to this status."))
        return redirect("service:article_detail", pk=article.pk)
    move = (
        services.publish_article
        if form.cleaned_data["status"] == ArticleStatus.PUBLISHED
        else services.archive_article
    )
    try:
        with refused_as_403():
            move(article, actor=acting_user(request), expected_version=form.cleaned_data.get("version"))
    except StaleVersion as exc:
        messages.error(request, str(stale_version_code(exc.obj).message))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("published") if form.cleaned_data["status"] == ArticleStatus.PUBLISHED else _("archived")
        messages.success(
            request, _("Article %(number)s %(done)s.") % {"number": article.number, "done": done}
        )
    return redirect("service:article_detail", pk=article.pk)


@internal_page
@require_GET
def article_suggestions(request: HttpRequest) -> HttpResponse:
    """Up to five published articles matching what the agent writes (the reply box of a case
    sends its text and the case's subject), as a fragment."""
    text = " ".join(request.GET.get(key, "") for key in ("q", "subject", "body"))[:SUGGESTION_INPUT]
    found = selectors.suggestions(request.user, text) if text.strip() else []
    context = {"hits": selectors.hits(found, text), "typed": bool(text.strip())}
    return render(request, "service/article_suggestions.html", context)
