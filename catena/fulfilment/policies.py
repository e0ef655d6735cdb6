"""Access rules for the order flow.

Internal staff act by role (``accounts.roles``). Portal users see only their own party's records:
a supplier its purchase orders (and answers them), a carrier its shipments (and posts their
events), a customer the shipments of its own orders (read only).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.fulfilment.models import (
    FlowStep,
    FlowTemplate,
    OrderStage,
    Package,
    PurchaseOrder,
    PurchaseOrderLine,
    Shipment,
    ShipmentLine,
    SupplierItem,
    SupplierPromise,
    TrackingEvent,
    WorkOrder,
)
from catena.parties.policies import portal_party_id
from catena.sales.models import SalesOrder


class KindPolicy:
    """Internal staff by capability; portal users through ``portal_q`` (their party's rows only)."""

    def __init__(self, kind: str, portal_fields: dict[str, str] | None = None, *, record: str = "") -> None:
        self.kind = kind
        # portal role -> the field naming the party whose rows that portal role sees
        self.portal_fields = portal_fields or {}
        # the kind of record whose field rules apply (``roles.FIELD_READERS``, ``PORTAL_FIELDS``)
        self.fields = roles.field_rule(record or kind)

    def _portal_field(self, user: Any) -> str | None:
        return self.portal_fields.get(roles.role_of(user))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, self.kind, action):
            return False
        if roles.is_portal(user):
            field = self._portal_field(user)
            party_id = portal_party_id(user)
            if field is None or party_id is None or isinstance(obj, type):
                return False
            value: Any = obj
            for attr in field.split("__"):
                value = getattr(value, attr)
            return bool(value == party_id)
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.allows(user, self.kind, action):
            return access.NOTHING
        if roles.is_portal(user):
            field = self._portal_field(user)
            party_id = portal_party_id(user)
            if field is None or party_id is None:
                return access.NOTHING
            return Q(**{field: party_id})
        return Q()


class OrderStagePolicy:
    """Seeing a stage needs the order; moving one needs the ``order_flow`` right, and staff who
    do not manage may only move the stages their own department owns."""

    MOVE_ANY = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
    fields = staticmethod(roles.field_rule("order_stage"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == access.VIEW:
            if isinstance(obj, type):
                return access.can(user, access.VIEW, SalesOrder)
            return access.can(user, access.VIEW, obj.order)
        if not roles.allows(user, "order_flow", action) or roles.is_portal(user):
            return False
        if isinstance(obj, OrderStage) and roles.role_of(user) not in self.MOVE_ANY:
            return user.department_id is not None and obj.department_id == user.department_id
        return True

    def scope(self, user: Any, action: str) -> Q:
        if action == access.VIEW:
            order_q = access.scope(user, access.VIEW, SalesOrder)
            if order_q == Q():
                return Q()
            return Q(order__in=SalesOrder.objects.filter(order_q).values("pk"))
        if not roles.allows(user, "order_flow", action) or roles.is_portal(user):
            return access.NOTHING
        if roles.role_of(user) not in self.MOVE_ANY:
            return Q(department_id=user.department_id) if user.department_id else access.NOTHING
        return Q()


class FlowTemplatePolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        return roles.allows(user, "flow_template", action)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if roles.allows(user, "flow_template", action) else access.NOTHING


access.register(FlowTemplate, FlowTemplatePolicy())
access.register(FlowStep, FlowTemplatePolicy())
access.register(OrderStage, OrderStagePolicy())
access.register(PurchaseOrder, KindPolicy("purchase_order", {Role.PORTAL_PARTNER: "supplier_id"}))
access.register(
    PurchaseOrderLine,
    access.ChildPolicy(PurchaseOrder, "purchase_order", fields=roles.field_rule("purchase_order_line")),
)
access.register(
    SupplierPromise,
    access.ChildPolicy(PurchaseOrder, "purchase_order", fields=roles.field_rule("supplier_promise")),
)
access.register(WorkOrder, KindPolicy("work_order"))
access.register(SupplierItem, KindPolicy("purchase_order", record="supplier_item"))
access.register(
    Shipment,
    KindPolicy(
        "shipment",
        {Role.PORTAL_PARTNER: "carrier_id", Role.PORTAL_CUSTOMER: "sales_order__customer_id"},
    ),
)
for _model, _record in (
    (ShipmentLine, "shipment_line"),
    (Package, "package"),
    (TrackingEvent, "tracking_event"),
):
    access.register(_model, access.ChildPolicy(Shipment, "shipment", fields=roles.field_rule(_record)))
