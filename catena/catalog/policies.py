"""Access rules for products. Standard cost is a field only buyers and managers read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.catalog.models import Category, Component, PriceList, PriceListItem, Product
from catena.core import access


class ProductPolicy:
    fields = staticmethod(roles.field_rule("product"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return roles.allows(user, "product", action)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if roles.allows(user, "product", action) else access.NOTHING


class CategoryPolicy(ProductPolicy):
    fields = staticmethod(roles.field_rule("category"))


access.register(Product, ProductPolicy())
access.register(Category, CategoryPolicy())
access.register(Component, ProductPolicy())


PRICE_SETTERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


class PriceListPolicy:
    """Price lists: internal staff who see products read them; administrators and managers write."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user) or not roles.allows(user, "product", access.VIEW):
            return False
        if action in (access.VIEW, access.EXPORT):
            return True
        return roles.role_of(user) in PRICE_SETTERS

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, None) else access.NOTHING


access.register(PriceList, PriceListPolicy())
access.register(PriceListItem, PriceListPolicy())
