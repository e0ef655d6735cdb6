"""Access rules for sales orders: internal staff by role; a portal customer sees its own orders.
The pipeline (leads, opportunities, quotes) is for internal staff only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.parties.policies import OWNERSHIP_BOUND_ROLES, portal_party_id
from catena.sales.models import (
    CustomerTerms,
    Lead,
    Opportunity,
    OrderInvoice,
    PipelineStep,
    Quote,
    QuoteLine,
    SalesOrder,
    SalesOrderLine,
)


class SalesOrderPolicy:
    """Sales staff change the orders they own (or nobody owns); everyone internal reads them all.
    A portal customer reads only the orders its party placed."""

    kind = "sales_order"
    fields = staticmethod(roles.field_rule("sales_order"))

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


access.register(SalesOrder, SalesOrderPolicy())
access.register(
    SalesOrderLine, access.ChildPolicy(SalesOrder, "order", fields=roles.field_rule("sales_order_line"))
)
access.register(OrderInvoice, access.ChildPolicy(SalesOrder, "order"))


# --- the pipeline: leads, opportunities, quotes ---------------------------------------------------

SETTINGS_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


class PipelinePolicy:
    """Leads, opportunities and quotes: internal staff by role (kind "pipeline"); sales staff change
    only the records they own or that nobody owns. Portal users see none of the pipeline."""

    kind = "pipeline"

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, self.kind, action) or not roles.is_internal(user):
            return False
        if (
            isinstance(obj, Lead | Opportunity | Quote)
            and action in (access.CHANGE, access.DELETE)
            and roles.role_of(user) in OWNERSHIP_BOUND_ROLES
        ):
            return obj.owner_id is None or obj.owner_id == user.pk
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.allows(user, self.kind, action) or not roles.is_internal(user):
            return access.NOTHING
        if action in (access.CHANGE, access.DELETE) and roles.role_of(user) in OWNERSHIP_BOUND_ROLES:
            return Q(owner_id=user.pk) | Q(owner__isnull=True)
        return Q()


class PipelineSettingsPolicy:
    """Steps of the board and customers' terms: whoever works the pipeline reads them;
    administrators and managers set them."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, "pipeline", access.VIEW) or not roles.is_internal(user):
            return False
        return action in (access.VIEW, access.EXPORT) or roles.role_of(user) in SETTINGS_ROLES

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, None) else access.NOTHING


access.register(Lead, PipelinePolicy())
access.register(Opportunity, PipelinePolicy())
access.register(Quote, PipelinePolicy())
access.register(QuoteLine, access.ChildPolicy(Quote, "quote"))
access.register(PipelineStep, PipelineSettingsPolicy())
access.register(CustomerTerms, PipelineSettingsPolicy())
