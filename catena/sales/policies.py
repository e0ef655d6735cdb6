"""Access rules for sales orders: internal staff by role; a portal customer sees its own orders."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.core import access
from catena.parties.policies import OWNERSHIP_BOUND_ROLES, portal_party_id
from catena.sales.models import SalesOrder, SalesOrderLine


class SalesOrderPolicy:
    """Sales staff change the orders they own (or nobody owns); everyone internal reads them all.
    A portal customer reads only the orders its party placed."""

    kind = "sales_order"

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, self.kind, action):
            return False
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            return (
                action == access.VIEW
                and isinstance(obj, SalesOrder)
                and party_id is not None
                and obj.customer_id == party_id
            )
        if (
            isinstance(obj, SalesOrder)
            and action in (access.CHANGE, access.DELETE)
            and roles.role_of(user) in OWNERSHIP_BOUND_ROLES
        ):
            return obj.owner_id is None or obj.owner_id == user.pk
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.allows(user, self.kind, action):
            return access.NOTHING
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            return Q(customer_id=party_id) if (party_id and action == access.VIEW) else access.NOTHING
        if action in (access.CHANGE, access.DELETE) and roles.role_of(user) in OWNERSHIP_BOUND_ROLES:
            return Q(owner_id=user.pk) | Q(owner__isnull=True)
        return Q()


class OrderChildPolicy:
    """Records inside an order (its lines): what may be done to the order may be done to them."""

    def __init__(self, path: str = "order") -> None:
        self.path = path

    def can(self, user: Any, action: str, obj: Any) -> bool:
        order_action = access.VIEW if action == access.VIEW else access.CHANGE
        if isinstance(obj, type):
            return access.can(user, order_action, SalesOrder)
        order = obj
        for attr in self.path.split("__"):
            order = getattr(order, attr)
        return access.can(user, order_action, order)

    def scope(self, user: Any, action: str) -> Q:
        order_action = access.VIEW if action == access.VIEW else access.CHANGE
        order_q = access.scope(user, order_action, SalesOrder)
        if order_q == Q():
            return Q()
        return Q(**{f"{self.path}__in": SalesOrder.objects.filter(order_q).values("pk")})


access.register(SalesOrder, SalesOrderPolicy())
access.register(SalesOrderLine, OrderChildPolicy())
