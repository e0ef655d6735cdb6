"""Product pages: list, detail with history, create, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catena.accounts.roles import can_read_field
from catena.accounts.views import acting_user, internal_page
from catena.catalog import services
from catena.catalog.forms import COST_FIELD, ProductFilterForm, ProductForm
from catena.catalog.models import Product
from catena.core import access, gate
from catena.core.history import history_entries

PAGE_SIZE = 50


def _apply_errors(form: ProductForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@internal_page
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    form = ProductFilterForm(request.GET or None)
    products = Product.objects.select_related("category").for_user(request.user)
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            products = products.filter(Q(sku__icontains=q) | Q(name__icontains=q))
        if form.cleaned_data["category"]:
            products = products.filter(category=form.cleaned_data["category"])
        if form.cleaned_data["active"]:
            products = products.filter(is_active=form.cleaned_data["active"] == "yes")
    page = Paginator(products.order_by("sku"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "show_cost": can_read_field(request.user, COST_FIELD),
        "can_add": access.can(request.user, access.ADD, Product),
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
    }
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "catalog/product_list.html#rows", context)
    return render(request, "catalog/product_list.html", context)


@internal_page
@require_GET
@gate.record(Product.objects.select_related("category"))
def product_detail(request: HttpRequest, product: Product) -> HttpResponse:
    show_cost = can_read_field(request.user, COST_FIELD)
    hidden = () if show_cost else ("standard_cost",)
    history = history_entries([Product.history.filter(id=product.pk)], limit=50, hidden=hidden)
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "show_cost": show_cost,
            "history": history,
            "can_change": access.can(request.user, access.CHANGE, product),
            "can_delete": access.can(request.user, access.DELETE, product),
        },
    )


@internal_page
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    gate.require(request, access.ADD, Product)
    form = ProductForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.create_product(actor=acting_user(request), **form.service_arguments())
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Product “%(name)s” created.") % {"name": product.name})
            return redirect("catalog:product_detail", pk=product.pk)
    return render(request, "catalog/product_form.html", {"form": form, "product": None})


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(Product.objects.select_related("category"), require=access.CHANGE)
def product_edit(request: HttpRequest, product: Product) -> HttpResponse:
    form = ProductForm(request.POST or None, user=request.user, product=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(product, actor=acting_user(request), **form.service_arguments())
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Product “%(name)s” saved.") % {"name": product.name})
            return redirect("catalog:product_detail", pk=product.pk)
    return render(request, "catalog/product_form.html", {"form": form, "product": product})


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(Product.objects.select_related("category"), require=access.DELETE)
def product_delete(request: HttpRequest, product: Product) -> HttpResponse:
    if request.method == "POST":
        try:
            services.delete_product(product, actor=acting_user(request))
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        messages.success(request, _("Product “%(name)s” deleted.") % {"name": product.name})
        return redirect("catalog:product_list")
    return render(request, "catalog/product_confirm_delete.html", {"product": product})
