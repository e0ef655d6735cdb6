"""The order list (filters, sorting, pages, CSV export) and the new-order form with its pickers."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from catena.accounts.views import acting_user, internal_page
from catena.catalog.models import Product
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, require
from catena.core.neutralise import neutralise
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.forms import OrderFilterForm, OrderForm, OrderLineFormSet, apply_line_errors
from catena.fulfilment.views.common import DEFAULT_PAGE_SIZE, page_of
from catena.parties.choices import BUYING_ROLES
from catena.parties.models import Address, Party, PartyRole
from catena.sales import services as sales
from catena.sales.choices import OrderStatus, OrderType
from catena.sales.forms.pipeline import QuoteAcceptForm
from catena.sales.models import SalesOrder
from catena.sales.selectors import pipeline as sales_selectors

SEARCH_RESULTS = 10


@internal_page
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    """Every order the user may see. One view serves the whole page and, for htmx, the rows."""
    user = request.user
    filters = selectors.OrderFilter.from_params(request.GET)
    page = page_of(request, selectors.order_list(user, filters))
    params = filters.as_params()
    context = {
        "page_obj": page,
        "filters": filters,
        "has_filters": bool({k: v for k, v in params.items() if k != "sort"}),
        "filter_query": urlencode(params),
        "can_add": access.can(user, access.ADD, SalesOrder),
        "can_export": access.can(user, access.EXPORT, SalesOrder),
    }
    if is_fragment(request):
        shown = params | ({"page": str(page.number)} if page.number > 1 else {})
        if page.paginator.per_page != DEFAULT_PAGE_SIZE:
            shown["per_page"] = str(page.paginator.per_page)
        response = render(request, "fulfilment/order_list.html#rows", context)
        return push_url(response, f"{request.path}?{urlencode(shown)}" if shown else request.path)
    context["filter_form"] = OrderFilterForm(request.GET or None, user=user, stages=selectors.stage_choices())
    return render(request, "fulfilment/order_list.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv_rows(orders: Any) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()  # a BOM, so that spreadsheet programs read Chinese as UTF-8
    headers = [
        _("Order number"), _("Customer"), _("Customer's reference"), _("Order type"), _("Status"),
        _("Reason"), _("Stage"), _("Late"), _("Ordered at"), _("Requested delivery date"),
        _("Promised delivery date"), _("Net total"), _("Tax"), _("Currency"), _("Owner"),
    ]  # fmt: skip
    yield writer.writerow(headers).encode()
    for order in orders.iterator(chunk_size=2000):
        row = [
            order.number,
            order.customer.name,
            order.customer_reference,
            OrderType(order.order_type).label if order.order_type in OrderType.values else order.order_type,
            OrderStatus(order.status).label if order.status in OrderStatus.values else order.status,
            order.status_reason,
            _(order.stage_name) if order.stage_name else order.stage,
            _("yes") if order.is_late else _("no"),
            _local(order.ordered_at),
            order.requested_date.isoformat() if order.requested_date else "",
            order.promised_date.isoformat() if order.promised_date else "",
            format(order.total_net, "f"),
            format(order.total_tax, "f"),
            order.currency,
            order.owner.display_name if order.owner else "",
        ]
        yield writer.writerow([neutralise(str(value)) for value in row]).encode()


@internal_page
@require_GET
def order_export(request: HttpRequest) -> HttpResponse:
    """The list's orders (same filters) as CSV; text that a spreadsheet would run is neutralised."""
    if not access.can(request.user, access.EXPORT, SalesOrder):
        raise PermissionDenied
    filters = selectors.OrderFilter.from_params(request.GET)
    orders = selectors.order_list(request.user, filters, action=access.EXPORT)
    response = StreamingHttpResponse(_csv_rows(orders), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="orders-{timezone.localtime():%Y%m%d-%H%M}.csv"'
    return cast(HttpResponse, response)


# --- the new order -------------------------------------------------------------------------------


def _customers(user: Any) -> Any:
    """Parties that may place orders, as the user sees them."""
    return Party.objects.for_user(user).filter(
        pk__in=PartyRole.objects.filter(role__in=BUYING_ROLES).for_user(user).values("party_id")
    )


def _customer(user: Any, value: Any) -> Party | None:
    text = str(value or "")
    return _customers(user).filter(pk=int(text)).first() if text.isdecimal() and int(text) < 2**63 else None


def _addresses(user: Any, customer: Party | None) -> list[tuple[int, str]]:
    if customer is None:
        return []
    rows = customer.addresses.for_user(user).order_by("-is_primary", "kind", "id")
    shipping_first = sorted(rows, key=lambda a: a.kind != "shipping")
    return [(a.pk, f"{a.get_kind_display()} · {a}") for a in shipping_first]


@internal_page
@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest) -> HttpResponse:
    """Place an order for a customer: header, ship-to of that customer, lines added with htmx."""
    require(request, access.ADD, SalesOrder)
    user = acting_user(request)
    data = request.POST if request.method == "POST" else None
    customer = _customer(user, (data or request.GET).get("customer"))
    initial = {"customer": customer.pk, "customer_name": customer.name} if customer else {}
    form = OrderForm(data, addresses=_addresses(user, customer), initial=initial)
    lines = OrderLineFormSet(data, prefix="lines")
    line_errors: list[str] = []
    if data is not None and form.is_valid() & lines.is_valid():
        filled = [f for f in lines.forms if not f.is_blank()]
        products = Product.objects.for_user(user).in_bulk([f.cleaned_data["product"] for f in filled])
        for f in filled:
            if f.cleaned_data["product"] not in products:
                f.add_error("product_name", _("No such product."))
        if customer is None:
            form.add_error("customer_name", _("No such customer."))
        if customer is not None and not line_errors and all(f.is_valid() for f in filled):
            try:
                with refused_as_403():
                    order = flow.place_order(
                        customer,
                        actor=user,
                        lines=[
                            sales.LineInput(
                                product=products[f.cleaned_data["product"]],
                                quantity=f.cleaned_data["quantity"],
                                unit_price=f.cleaned_data["unit_price"],
                                discount_pct=f.cleaned_data["discount_pct"],  # None: the customer's
                                tax_rate_pct=13
                                if f.cleaned_data["tax_rate_pct"] is None
                                else f.cleaned_data["tax_rate_pct"],
                            )
                            for f in filled
                        ],
                        order_type=form.cleaned_data["order_type"],
                        requested_date=form.cleaned_data["requested_date"],
                        ship_to=gate.find(
                            user, Address.objects.filter(party=customer), form.cleaned_data["ship_to"]
                        )
                        if form.cleaned_data["ship_to"]
                        else None,
                        payment_terms=form.cleaned_data["payment_terms"],
                        customer_reference=form.cleaned_data["customer_reference"],
                        notes=form.cleaned_data["notes"],
                    )
            except ValidationError as exc:
                line_errors += apply_line_errors(filled, form, exc)
            else:
                messages.success(request, _("Order %(number)s placed.") % {"number": order.number})
                return redirect("fulfilment:order_detail", pk=order.pk)
    return render(
        request,
        "fulfilment/order_form.html",
        {"form": form, "lines": lines, "line_errors": line_errors + list(lines.non_form_errors())},
    )


@internal_page
@require_GET
def order_line_row(request: HttpRequest) -> HttpResponse:
    """One more empty line for the new-order form (htmx), numbered after the ones shown."""
    value = request.GET.get("index", "")
    index = int(value) if value.isdecimal() and int(value) < 200 else 0
    form = OrderLineFormSet(prefix="lines").form(
        prefix=f"lines-{index}", empty_permitted=True, use_required_attribute=False
    )
    return render(
        request,
        "fulfilment/parts/order_line_row.html",
        {"line": form, "index": index, "next": index + 1, "oob": True},
    )


@internal_page
@require_GET
def order_ship_to(request: HttpRequest) -> HttpResponse:
    """The ship-to choices of the picked customer (htmx, when the customer changes)."""
    user = acting_user(request)
    customer = _customer(user, request.GET.get("customer"))
    form = OrderForm(addresses=_addresses(user, customer))
    return render(request, "fulfilment/parts/ship_to_field.html", {"form": form, "customer": customer})


def _typed(request: HttpRequest) -> str:
    """What the user typed into a picker: ``q``, or the picker's own field (``customer_name``,
    ``lines-0-product_name``), which htmx sends under the input's name."""
    value = request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith("_name")), "")
    return str(value).strip()[:100]


@internal_page
@require_GET
def customer_search(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type for the customer picker: customers, retailers and distributors."""
    from catena.parties.search import search_condition

    q = _typed(request)
    results: list[tuple[int, str]] = []
    if q:
        results = list(
            _customers(request.user)
            .filter(search_condition(q))
            .order_by("name", "id")
            .values_list("pk", "name")[:SEARCH_RESULTS]
        )
    return render(request, "fulfilment/parts/pick_results.html", {"results": results, "q": q})


@internal_page
@require_GET
def product_search(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type for the product picker of an order line (active products)."""
    q = _typed(request)
    results: list[tuple[int, str]] = []
    if q:
        found = (
            Product.objects.filter(is_active=True)
            .for_user(request.user)
            .filter(Q(sku__istartswith=q) | Q(name__icontains=q))
        )
        results = [
            (pk, f"{sku} · {name}")
            for pk, sku, name in found.order_by("sku").values_list("pk", "sku", "name")[:SEARCH_RESULTS]
        ]
    return render(request, "fulfilment/parts/pick_results.html", {"results": results, "q": q})


@internal_page
@require_POST
def quote_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a quote and place its order in one step (the order's flow starts), then go to the
    order. Served at the quote's own address, /sales/quotes/<pk>/accept/."""
    quote = sales_selectors.visible_quote(request.user, pk)
    if quote is None:
        raise Http404
    require(request, access.CHANGE, quote)
    form = QuoteAcceptForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("sales:quote_detail", pk=quote.pk)
    try:
        with refused_as_403():
            order = flow.place_order_from_quote(
                quote,
                actor=acting_user(request),
                order_type=form.cleaned_data["order_type"],
                requested_date=form.cleaned_data.get("requested_date"),
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("sales:quote_detail", pk=quote.pk)
    messages.success(
        request, _("Order %(order)s placed from quote %(quote)s.") % {"order": order.number, "quote": quote}
    )
    return redirect("fulfilment:order_detail", pk=order.pk)
