"""The promise pages: making, keeping and cancelling a promise from the case page, and the promise
ledger (kept rates per agent and per customer, and the promises themselves, filtered)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from ninja.errors import HttpError

from catena.accounts.views import acting_user, internal_page
from catena.core.gate import refused_as_403
from catena.service import ledger
from catena.service.forms import PromiseFilterForm, PromiseForm, PromiseSettleForm
from catena.service.models import Promise
from catena.service.services import promises as services
from catena.service.views.cases import _case, _detail_context

PAGE_SIZE = 50


@internal_page
@require_POST
def promise_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = PromiseForm(request.POST)
    if form.is_valid():
        try:
            with refused_as_403():
                services.make_promise(
                    case,
                    actor=acting_user(request),
                    text=form.cleaned_data["text"],
                    due_at=form.cleaned_data["due_at"],
                )
        except ValidationError as exc:
            # the text and due time go to their fields; the case's own state to the top
            found = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
            for key, errors in found.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("The promise is recorded; it is on your list for its due time."))
            return redirect("service:case_detail", pk=case.pk)
    context = {**_detail_context(request, case), "promise_form": form}
    return render(request, "service/case_detail.html", context, status=422)


def _promise(request: HttpRequest, pk: int) -> Promise:
    promise = ledger.visible_promise(request.user, pk)
    if promise is None:
        raise Http404
    return promise


def _settle(request: HttpRequest, pk: int, *, keeping: bool) -> HttpResponse:
    promise = _promise(request, pk)
    form = PromiseSettleForm(request.POST)
    if form.is_valid():
        act = services.keep if keeping else services.cancel
        try:
            with refused_as_403():
                act(promise, actor=acting_user(request), note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except HttpError as exc:  # the promise is no longer open
            messages.error(request, str(exc.message))
        else:
            done = _("The promise is kept.") if keeping else _("The promise is cancelled.")
            messages.success(request, done)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("service:case_detail", pk=promise.case_id)


@internal_page
@require_POST
def promise_keep(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle(request, pk, keeping=True)


@internal_page
@require_POST
def promise_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle(request, pk, keeping=False)


@internal_page
@require_GET
def promise_ledger(request: HttpRequest) -> HttpResponse:
    """Kept rates per agent and per customer over the promises the filters select, and the
    promises themselves, the soonest due first."""
    form = PromiseFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    agent = data.get("agent")
    found = ledger.promise_list(
        request.user,
        agent=agent.pk if agent else None,
        party=data.get("party"),
        status=data.get("status") or "",
        due_from=data.get("due_from"),
        due_to=data.get("due_to"),
    )
    page = Paginator(
        found.select_related("case", "party", "made_by").order_by("-due_at", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    for promise in page:
        promise.badge = ledger.badge(promise, now)  # type: ignore[attr-defined]
    query = {k: v for k, v in request.GET.items() if k not in ("page", "party") and v}
    context = {
        "form": form,
        "page_obj": page,
        "by_agent": ledger.ledger_by_agent(found),
        "by_customer": ledger.ledger_by_customer(found),
        "party_filter": data.get("party"),
        "filter_query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        "base_query": urlencode(query),
    }
    return render(request, "service/promise_ledger.html", context)
