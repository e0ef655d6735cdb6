"""Price list pages: the list, the form, the detail page with the prices grouped by product (a
price is added with htmx, changed on its own page, removed in place) and the customers on the
list, and the delete page, which refuses while customers use the list.

Price lists are catalog rows, but selling is what they are for: their use cases live in
``services.pricing`` and their pages here, next to the customer terms that point at them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.catalog.models import PriceList, PriceListItem
from catena.catalog.selectors import product_choices
from catena.catalog.services import price_lists
from catena.core import access
from catena.core.figures import plain_decimal
from catena.core.gate import is_fragment, refused_as_403, require
from catena.parties.forms import apply_service_errors
from catena.sales.forms.pricing import PriceForm, PriceListFilterForm, PriceListForm
from catena.sales.selectors import pricing as selectors

PAGE_SIZE = 50
PRODUCTS_PER_PAGE = 50
CUSTOMERS_SHOWN = 100

INVALID = 422  # a form came back with errors (htmx fragments answer 200: htmx swaps no 4xx)
IN_USE = 409


def _price_list(request: HttpRequest, pk: int) -> PriceList:
    price_list = selectors.visible_price_list(request.user, pk)
    if price_list is None:
        raise Http404
    return price_list


@internal_page
@require_GET
def price_list_list(request: HttpRequest) -> HttpResponse:
    form = PriceListFilterForm(request.GET or None)
    q = (form.cleaned_data.get("q") or "").strip() if form.is_valid() else ""
    page = Paginator(selectors.price_list_list(request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page,
        "q": q,
        "today": timezone.localdate(),
        "can_add": access.can(request.user, access.ADD, PriceList),
    }
    if is_fragment(request):
        return render(request, "sales/price_list_list.html#rows", context)
    return render(request, "sales/price_list_list.html", context)


def _save_price_list(
    request: HttpRequest, form: PriceListForm, price_list: PriceList | None
) -> PriceList | None:
    """Create or change the list with the form's input; None (errors on the form) if refused."""
    try:
        with refused_as_403():
            if price_list is None:
                return price_lists.create_price_list(actor=acting_user(request), **form.changes(None))
            return price_lists.update_price_list(
                price_list, actor=acting_user(request), **form.changes(price_list)
            )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None


@internal_page
@require_http_methods(["GET", "POST"])
def price_list_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, PriceList)
    form = PriceListForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and (price_list := _save_price_list(request, form, None)) is not None:
            messages.success(
                request, _("Price list “%(name)s” created; add its prices.") % {"name": price_list}
            )
            return redirect("sales:price_list_detail", pk=price_list.pk)
        return render(
            request, "sales/price_list_form.html", {"form": form, "price_list": None}, status=INVALID
        )
    return render(request, "sales/price_list_form.html", {"form": form, "price_list": None})


@internal_page
@require_http_methods(["GET", "POST"])
def price_list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    price_list = _price_list(request, pk)
    require(request, access.CHANGE, price_list)
    fields = ("name", "currency", "valid_from", "valid_until", "is_active", "notes")
    form = PriceListForm(request.POST or None, initial={f: getattr(price_list, f) for f in fields})
    context = {"form": form, "price_list": price_list}
    if request.method == "POST":
        if form.is_valid() and _save_price_list(request, form, price_list) is not None:
            messages.success(request, _("Price list “%(name)s” saved.") % {"name": price_list})
            return redirect("sales:price_list_detail", pk=price_list.pk)
        return render(request, "sales/price_list_form.html", context, status=INVALID)
    return render(request, "sales/price_list_form.html", context)


def _prices_context(
    request: HttpRequest, price_list: PriceList, price_form: PriceForm | None = None
) -> dict[str, Any]:
    page = Paginator(selectors.priced_products(price_list), PRODUCTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "price_list": price_list,
        "page_obj": page,
        "groups": selectors.prices_by_product(price_list, list(page.object_list)),
        "can_change": access.can(request.user, access.CHANGE, price_list),
        "price_form": price_form or PriceForm(),
        "skus": product_choices(request.user),
    }


def _detail(
    request: HttpRequest, price_list: PriceList, price_form: PriceForm | None = None, status: int = 200
) -> HttpResponse:
    customers = selectors.price_list_customers(request.user, price_list)
    context = _prices_context(request, price_list, price_form) | {
        "customers": list(customers[:CUSTOMERS_SHOWN]),
        "customer_count": customers.count(),
        "can_delete": access.can(request.user, access.DELETE, price_list),
        "today": timezone.localdate(),
        "is_valid_today": price_list.is_valid_on(timezone.localdate()),
    }
    return render(request, "sales/price_list_detail.html", context, status=status)


@internal_page
@require_GET
def price_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    price_list = _price_list(request, pk)
    if is_fragment(request):
        return render(request, "sales/price_list_detail.html#prices", _prices_context(request, price_list))
    return _detail(request, price_list)


@internal_page
@require_POST
def price_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a quantity break (htmx swaps the prices card; the form keeps its errors). A break the
    product already has is refused: its price is changed on its own page."""
    price_list = _price_list(request, pk)
    require(request, access.CHANGE, price_list)
    form = PriceForm(request.POST)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            with refused_as_403():
                price_lists.set_price(
                    price_list,
                    actor=acting_user(request),
                    product=data["product"],
                    unit_price=data["unit_price"],
                    min_quantity=data["min_quantity"],
                    replace=False,
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            saved = True
    if is_fragment(request):
        context = _prices_context(request, price_list, None if saved else form)
        return render(request, "sales/price_list_detail.html#prices", context)
    if saved:
        messages.success(request, _("Price saved."))
        return redirect("sales:price_list_detail", pk=price_list.pk)
    return _detail(request, price_list, form, status=INVALID)


def _item(price_list: PriceList, item_id: int) -> PriceListItem:
    item = price_list.items.select_related("product", "price_list").filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


@internal_page
@require_http_methods(["GET", "POST"])
def price_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    price_list = _price_list(request, pk)
    item = _item(price_list, item_id)
    require(request, access.CHANGE, price_list)
    initial = {"min_quantity": plain_decimal(item.min_quantity), "unit_price": item.unit_price}
    form = PriceForm(request.POST or None, editing=True, initial=initial)
    context = {"form": form, "price_list": price_list, "item": item}
    if request.method == "POST":
        if form.is_valid():
            try:
                with refused_as_403():
                    price_lists.change_price(item, actor=acting_user(request), **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Price of %(sku)s saved.") % {"sku": item.product.sku})
                return redirect("sales:price_list_detail", pk=price_list.pk)
        item.refresh_from_db()
        return render(request, "sales/price_form.html", context, status=INVALID)
    return render(request, "sales/price_form.html", context)


@internal_page
@require_POST
def price_delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    price_list = _price_list(request, pk)
    item = _item(price_list, item_id)
    require(request, access.CHANGE, price_list)
    with refused_as_403():
        price_lists.delete_price(item, actor=acting_user(request))
    if is_fragment(request):
        return render(request, "sales/price_list_detail.html#prices", _prices_context(request, price_list))
    messages.success(request, _("Price removed."))
    return redirect("sales:price_list_detail", pk=price_list.pk)


@internal_page
@require_http_methods(["GET", "POST"])
def price_list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; refuse (409) while customers' terms name the list, and say who they are."""
    price_list = _price_list(request, pk)
    require(request, access.DELETE, price_list)
    status = 200
    if request.method == "POST":
        try:
            with refused_as_403():
                price_lists.delete_price_list(price_list, actor=acting_user(request))
        except ProtectedError:
            status = IN_USE
        else:
            messages.success(request, _("Price list “%(name)s” deleted.") % {"name": price_list.name})
            return redirect("sales:price_list_list")
    context = {
        "price_list": price_list,
        "customers": list(selectors.price_list_customers(request.user, price_list)[:CUSTOMERS_SHOWN]),
        "customer_count": selectors.customers_using(price_list),
    }
    return render(request, "sales/price_list_confirm_delete.html", context, status=status)
