"""Reads of the catalogue shared by pages of other apps."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from catena.catalog.models import Product
from catena.core import access

# How many products a pick list offers at once; typing narrows it down.
PRODUCT_CHOICES = 500


def product_choices(user: Any, limit: int = PRODUCT_CHOICES) -> QuerySet[Product, tuple[Any, ...]]:
    """(sku, name) of the active products ``user`` may see, for a pick list."""
    products = access.restrict(Product.objects.filter(is_active=True), user)
    return products.values_list("sku", "name")[:limit]
