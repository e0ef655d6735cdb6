"""A small chain for order-flow tests: a customer, a supplier, a carrier with an SLA, products
with a bill of materials, staff of each department. Rows come from factories and services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department, User
from catena.catalog.models import Component, Product
from catena.fulfilment.models import SupplierItem
from catena.fulfilment.services import orders as placing
from catena.parties.choices import PartyRoleType as R
from catena.parties.choices import RelationshipKind
from catena.parties.models import Address, Contract, Party, PortalAccess
from catena.parties.tests.factories import AddressFactory, PartyFactory, RelationshipFactory
from catena.sales import services as sales_services
from catena.sales.choices import OrderType
from catena.sales.models import SalesOrder


@dataclass
class Chain:
    customer: Party
    other_customer: Party
    supplier: Party
    other_supplier: Party
    carrier: Party
    other_carrier: Party
    ship_to: Address
    widget: Product  # sold from stock
    machine: Product  # made to order from two parts
    part_a: Product
    part_b: Product
    sales: User
    logistics: User
    purchasing: User
    production: User
    manager: User


_counter = {"n": 0}


def user(role: str, department: str | None = None, **fields: Any) -> User:
    _counter["n"] += 1
    dept = Department.objects.get(code=department) if department else None
    return User.objects.create_user(
        username=f"{role}-{_counter['n']}", password="pass-Catena-2026", role=role, department=dept, **fields
    )


def portal_user(party: Party, role: str = Role.PORTAL_PARTNER) -> User:
    account = user(role)
    PortalAccess.objects.create(user=account, party=party)
    return account


def build_chain() -> Chain:
    customer = PartyFactory(name="华东电器销售有限公司", roles=[R.CUSTOMER])
    other_customer = PartyFactory(name="西南家电有限公司", roles=[R.CUSTOMER])
    supplier = PartyFactory(name="宁波精密零件有限公司", roles=[R.SUPPLIER])
    other_supplier = PartyFactory(name="苏州五金有限公司", roles=[R.SUPPLIER])
    carrier = PartyFactory(name="顺达物流有限公司", roles=[R.CARRIER])
    other_carrier = PartyFactory(name="远通快运有限公司", roles=[R.CARRIER])
    link = RelationshipFactory(from_party=carrier, to_party=customer, kind=RelationshipKind.SHIPS_FOR)
    Contract.objects.create(relationship=link, pickup_hours=4, transit_days=2)
    widget = Product.objects.create(
        sku="W-100", name="电热水壶", list_price=Decimal("199.00"), standard_cost=Decimal("80")
    )
    machine = Product.objects.create(sku="M-500", name="商用洗碗机", list_price=Decimal("12800.00"))
    part_a = Product.objects.create(sku="P-A", name="不锈钢内胆", standard_cost=Decimal("900"))
    part_b = Product.objects.create(sku="P-B", name="控制板", standard_cost=Decimal("450"))
    Component.objects.create(product=machine, component=part_a, quantity=Decimal("1"))
    Component.objects.create(product=machine, component=part_b, quantity=Decimal("2"))
    SupplierItem.objects.create(
        supplier=supplier, product=part_a, unit_price=Decimal("880"), lead_time_days=10, is_preferred=True
    )
    SupplierItem.objects.create(
        supplier=supplier, product=part_b, unit_price=Decimal("430"), lead_time_days=5, is_preferred=True
    )
    return Chain(
        customer=customer,
        other_customer=other_customer,
        supplier=supplier,
        other_supplier=other_supplier,
        carrier=carrier,
        other_carrier=other_carrier,
        ship_to=AddressFactory(party=customer, kind="shipping"),
        widget=widget,
        machine=machine,
        part_a=part_a,
        part_b=part_b,
        sales=user(Role.SALES, DepartmentCode.SALES),
        logistics=user(Role.LOGISTICS, DepartmentCode.LOGISTICS),
        purchasing=user(Role.PURCHASING, DepartmentCode.PURCHASING),
        production=user(Role.PURCHASING, DepartmentCode.PRODUCTION),
        manager=user(Role.MANAGER, DepartmentCode.MANAGEMENT),
    )


def stock_order(chain: Chain, quantity: int = 10, *, customer: Party | None = None, **kw: Any) -> SalesOrder:
    kw.setdefault("requested_date", timezone.localdate() + timedelta(days=10))
    return placing.place_order(
        customer or chain.customer,
        actor=chain.sales,
        lines=[sales_services.LineInput(product=chain.widget, quantity=quantity)],
        order_type=OrderType.MAKE_TO_STOCK,
        ship_to=chain.ship_to if customer is None else None,
        **kw,
    )


def made_order(chain: Chain, quantity: int = 2, **kw: Any) -> SalesOrder:
    kw.setdefault("requested_date", timezone.localdate() + timedelta(days=30))
    return placing.place_order(
        chain.customer,
        actor=chain.sales,
        lines=[sales_services.LineInput(product=chain.machine, quantity=quantity)],
        order_type=OrderType.MAKE_TO_ORDER,
        ship_to=chain.ship_to,
        **kw,
    )


def now() -> Any:
    return timezone.now()
