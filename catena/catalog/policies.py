"""Access rules for products. Standard cost is a field only buyers and managers read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.catalog.models import Category, Component, Product
from catena.core import access


class ProductPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        return roles.allows(user, "product", action)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if roles.allows(user, "product", action) else access.NOTHING


class CategoryPolicy(ProductPolicy):
    pass


access.register(Product, ProductPolicy())
access.register(Category, CategoryPolicy())
access.register(Component, ProductPolicy())
