"""Quote pages: the list, the form, the detail page with its lines (added with htmx) and its
actions (send, revise, reject, accept and create the order), and a printable view."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.catalog.selectors import product_choices
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, require
from catena.parties.forms import apply_service_errors
from catena.sales.choices import PriceSource
from catena.sales.forms.pipeline import QuoteAcceptForm, QuoteFilterForm, QuoteForm, QuoteLineForm, ReasonForm
from catena.sales.models import Opportunity, Quote, SalesOrder
from catena.sales.selectors import pipeline as selectors
from catena.sales.services import quotes

PAGE_SIZE = 50


def order_url(order: SalesOrder, quote: Quote) -> str:
    """The order's page once fulfilment provides it; the quote's page until then."""
    try:
        return reverse("fulfilment:order_detail", args=[order.pk])
    except NoReverseMatch:
        return reverse("sales:quote_detail", args=[quote.pk])


def _quote(request: HttpRequest, pk: int) -> Quote:
    quote = selectors.visible_quote(request.user, pk)
    if quote is None:
        raise Http404
    return quote


@internal_page
@require_GET
def quote_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = QuoteFilterForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    owner = data.get("owner")
    found = selectors.quote_list(
        user,
        q=(data.get("q") or "").strip(),
        status=data.get("status") or "",
        owner=owner.pk if owner else None,
        customer=data.get("customer"),
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
        "can_add": access.can(user, access.ADD, Quote),
        "filter_query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    if is_fragment(request):
        return render(request, "sales/quote_list.html#rows", context)
    return render(request, "sales/quote_list.html", context)


@internal_page
@require_http_methods(["GET", "POST"])
def quote_create(request: HttpRequest) -> HttpResponse:
    """A new draft for a customer, or for the party of the opportunity given as ``?opportunity=``."""
    require(request, access.ADD, Quote)
    deal = None
    deal_id = request.GET.get("opportunity", "")
    if deal_id.isdecimal():
        deal = gate.visible_or_404(request.user, Opportunity.objects.select_related("party"), int(deal_id))
    initial: dict[str, Any] = {"owner": request.user.pk}
    if deal is not None:
        initial["customer"] = deal.party_id
    elif (customer_id := request.GET.get("customer", "")).isdecimal():
        initial["customer"] = int(customer_id)  # from a party's page: the picker shows it if visible
    form = QuoteForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        customer = deal.party if deal is not None else form.picked_party(request.user)
        if customer is None:
            form.add_error("customer", _("Choose a customer."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "customer" and v not in (None, "")}
            try:
                with refused_as_403():
                    quote = quotes.create_quote(
                        customer, actor=acting_user(request), opportunity=deal, **data
                    )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Quote %(quote)s created; add its lines.") % {"quote": quote})
                return redirect("sales:quote_detail", pk=quote.pk)
    return render(request, "sales/quote_form.html", {"form": form, "quote": None, "deal": deal})


@internal_page
@require_http_methods(["GET", "POST"])
def quote_edit(request: HttpRequest, pk: int) -> HttpResponse:
    quote = _quote(request, pk)
    require(request, access.CHANGE, quote)
    fields = ("valid_until", "currency", "payment_terms", "terms", "notes")
    initial = {f: getattr(quote, f) for f in fields} | {"owner": quote.owner_id}
    form = QuoteForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                quotes.update_quote(quote, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Quote %(quote)s saved.") % {"quote": quote})
            return redirect("sales:quote_detail", pk=quote.pk)
    return render(request, "sales/quote_form.html", {"form": form, "quote": quote, "deal": quote.opportunity})


def _lines_context(
    request: HttpRequest, quote: Quote, line_form: QuoteLineForm | None = None
) -> dict[str, Any]:
    can_change = access.can(request.user, access.CHANGE, quote)
    lines = list(quote.lines.select_related("product"))
    return {
        "quote": quote,
        "lines": lines,
        "has_list_prices": any(line.price_source == PriceSource.PRICE_LIST for line in lines),
        "can_edit_lines": can_change and quote.is_editable,
        "line_form": line_form or QuoteLineForm(),
        "skus": product_choices(request.user),
    }


@internal_page
@require_GET
def quote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quote = _quote(request, pk)
    user = request.user
    can_change = access.can(user, access.CHANGE, quote)
    context = _lines_context(request, quote) | {
        "can_change": can_change,
        "versions": quotes.quote_versions(quote),
        "accept_form": QuoteAcceptForm(),
        "reject_form": ReasonForm(),
        "can_accept": can_change and access.can(user, access.ADD, SalesOrder),
        "order_link": order_url(quote.order, quote) if quote.order else "",
    }
    return render(request, "sales/quote_detail.html", context)


@internal_page
@require_POST
def quote_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a line (htmx swaps the lines table; the form keeps its errors)."""
    quote = _quote(request, pk)
    require(request, access.CHANGE, quote)
    form = QuoteLineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with refused_as_403():
                quotes.add_quote_line(
                    quote,
                    actor=acting_user(request),
                    line=quotes.QuoteLineInput(
                        product=data["sku"],
                        quantity=data["quantity"],
                        unit_price=data.get("unit_price"),
                        discount_pct=data.get("discount_pct"),
                        tax_rate_pct=data["tax_rate_pct"],
                        description=data.get("description") or "",
                    ),
                )
        except ValidationError as exc:
            apply_service_errors(form, exc, {"product": "sku"})
        else:
            form = QuoteLineForm()
            quote.refresh_from_db()
    if not is_fragment(request):
        if form.errors:
            for field, errors in form.errors.items():
                label = form[field].label if field in form.fields else ""
                messages.error(request, f"{label} {' '.join(str(e) for e in errors)}")
        return redirect("sales:quote_detail", pk=quote.pk)
    return render(request, "sales/quote_detail.html#lines", _lines_context(request, quote, form))


@internal_page
@require_POST
def quote_line_delete(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    quote = _quote(request, pk)
    line = quote.lines.filter(pk=line_id).first()
    if line is None:
        raise Http404
    require(request, access.CHANGE, quote)
    try:
        with refused_as_403():
            quotes.delete_quote_line(line, actor=acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    quote.refresh_from_db()
    if is_fragment(request):
        return render(request, "sales/quote_detail.html#lines", _lines_context(request, quote))
    return redirect("sales:quote_detail", pk=quote.pk)


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    quote = _quote(request, pk)
    require(request, access.CHANGE, quote)
    actor = acting_user(request)
    try:
        with refused_as_403():
            if action == "send":
                quotes.send_quote(quote, actor=actor)
                messages.success(request, _("Quote %(quote)s sent.") % {"quote": quote})
            elif action == "revise":
                revision = quotes.revise_quote(quote, actor=actor)
                messages.success(
                    request, _("Version %(version)s is a new draft.") % {"version": revision.version}
                )
                return redirect("sales:quote_detail", pk=revision.pk)
            elif action == "reject":
                form = ReasonForm(request.POST)
                reason = form.cleaned_data["reason"] if form.is_valid() else ""
                quotes.reject_quote(quote, actor=actor, reason=reason)
                messages.success(request, _("Quote %(quote)s marked rejected.") % {"quote": quote})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("sales:quote_detail", pk=quote.pk)


@internal_page
@require_POST
def quote_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "send")


@internal_page
@require_POST
def quote_revise(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "revise")


@internal_page
@require_POST
def quote_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "reject")


@internal_page
@require_GET
def quote_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The quote as the customer reads it, laid out for printing or saving as PDF."""
    quote = _quote(request, pk)
    return render(
        request,
        "sales/quote_print.html",
        {"quote": quote, "lines": list(quote.lines.select_related("product")), "customer": quote.customer},
    )
