"""Rows for the returns tests: a customer's order of kettles, delivered by a carrier some days
ago, a supplier of the kettle, and a return policy published through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.catalog.models import Product
from catena.fulfilment.choices import ShipmentStatus
from catena.fulfilment.models import Shipment, ShipmentLine, SupplierItem
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.sales.services import LineInput, place_order
from catena.service.models import ReturnPolicy
from catena.service.services.returns import publish_policy
from catena.service.tests import factories as f


@dataclass
class Shop:
    customer: Party
    carrier: Party
    supplier: Party
    kettle: Product
    order: SalesOrder
    line: SalesOrderLine
    agent: User
    manager: User
    policy: ReturnPolicy


def deliver(order: SalesOrder, carrier: Party, quantity: int, days_ago: int = 3) -> Shipment:
    """A delivered shipment carrying ``quantity`` of the order's first line."""
    shipment = Shipment.objects.create(
        number=f"SH-{Shipment.objects.count() + 1:05d}",
        sales_order=order,
        carrier=carrier,
        status=ShipmentStatus.DELIVERED,
        delivered_at=timezone.now() - timedelta(days=days_ago),
    )
    ShipmentLine.objects.create(shipment=shipment, order_line=order.lines.first(), quantity=quantity)
    return shipment


def shop(*, delivered: int = 10, days_ago: int = 3, threshold: str = "1000", fee: str = "10") -> Shop:
    agent = f.user(Role.SERVICE, username="desk")
    manager = f.user(Role.MANAGER, username="boss")
    customer = f.customer(name="华东电器销售有限公司")
    carrier = PartyFactory.create(name="顺达物流有限公司", roles=[PartyRoleType.CARRIER])
    supplier = PartyFactory.create(name="宁波精密零件有限公司", roles=[PartyRoleType.SUPPLIER])
    kettle = Product.objects.create(sku="W-100", name="电热水壶", list_price=Decimal("200.00"))
    SupplierItem.objects.create(supplier=supplier, product=kettle, is_preferred=True)
    order = place_order(
        customer,
        actor=manager,
        lines=[LineInput(product=kettle, quantity=10, unit_price="200.00", discount_pct=0)],
    )
    if delivered:
        deliver(order, carrier, delivered, days_ago)
    policy = publish_policy(
        actor=manager,
        name="标准退货政策",
        return_window_days=30,
        restocking_fee_percent=Decimal(fee),
        approval_threshold=Decimal(threshold),
        effective_from=timezone.localdate() - timedelta(days=60),
    )
    return Shop(customer, carrier, supplier, kettle, order, order.lines.get(), agent, manager, policy)
