"""What search everywhere finds in the catalog: products by SKU (a prefix, on an index of the
upper-cased SKU: migration ``0004_search_sku_index``) or by name; and the palette's product
commands. Only what every reader of a product may read is shown (no costs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.catalog.models import Product
from catena.core import access
from catena.workspace import search
from catena.workspace.search import Result, first_matches


def find_products(user: Any, query: str, limit: int) -> list[Result]:
    """Products whose SKU starts with the query, then those whose name contains it."""
    conditions = [Q(sku__istartswith=query.replace(" ", "")), Q(name__icontains=query)]
    columns = ("pk", "sku", "name", "category__name")
    rows = first_matches(Product.objects.for_user(user, access.VIEW), conditions, columns, limit)
    base = reverse("catalog:product_detail", args=[0]).removesuffix("0/")
    return [
        Result("product", f"{sku} {name}", category or "", f"{base}{pk}/") for pk, sku, name, category in rows
    ]


def register_search() -> None:
    """Register products and the catalog's commands with search everywhere (``AppConfig.ready``)."""
    search.register(
        "product",
        pgettext_lazy("search kind", "Products"),
        find_products,
        order=70,
        more_url=lambda query: f"{reverse('catalog:product_list')}?{urlencode({'q': query})}",
    )
    search.register_command(
        "product_list",
        _("Go to products"),
        "catalog:product_list",
        lambda user: access.can(user, access.VIEW, Product),
        keywords="products catalog sku",
        order=80,
    )
    search.register_command(
        "product_create",
        _("New product"),
        "catalog:product_create",
        lambda user: access.can(user, access.ADD, Product),
        keywords="new product sku",
        order=35,
    )
