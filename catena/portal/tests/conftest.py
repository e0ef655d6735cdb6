"""Two of each: customers, suppliers and carriers, each with its own portal user and records, so
every test can check that one party never sees or changes the other's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment import services as flow
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order
from catena.sales.models import SalesOrder

PASSWORD = "pass-Catena-2026"


@dataclass
class World:
    chain: Chain
    order: SalesOrder  # the customer's
    other_order: SalesOrder  # the other customer's
    po: PurchaseOrder  # sent to the supplier
    other_po: PurchaseOrder  # sent to the other supplier
    shipment: Shipment  # carried by the carrier, for the customer's order
    other_shipment: Shipment  # carried by the other carrier, for the other customer's order
    supplier_user: User
    other_supplier_user: User
    carrier_user: User
    other_carrier_user: User
    customer_user: User
    other_customer_user: User


@pytest.fixture
def world(db: None) -> World:
    chain = build_chain()
    made = made_order(chain, customer_reference="HD-2026-001")
    (po,) = flow.purchase_materials(made, actor=chain.purchasing)
    other_po = flow.create_purchase_order(
        chain.other_supplier,
        actor=chain.purchasing,
        lines=[flow.POLineInput(product=chain.part_a, quantity=3, unit_price=Decimal("777.00"))],
        needed_by=timezone.localdate() + timedelta(days=9),
        send=True,
    )
    order = stock_order(chain, quantity=10, notes="内部备注：客户信用良好")
    other_order = stock_order(chain, quantity=4, customer=chain.other_customer)
    shipment = flow.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF1001"
    )
    other_shipment = flow.create_shipment(
        other_order, actor=chain.logistics, carrier=chain.other_carrier, tracking_number="YT2002"
    )
    return World(
        chain=chain,
        order=order,
        other_order=other_order,
        po=po,
        other_po=other_po,
        shipment=shipment,
        other_shipment=other_shipment,
        supplier_user=portal_user(chain.supplier),
        other_supplier_user=portal_user(chain.other_supplier),
        carrier_user=portal_user(chain.carrier),
        other_carrier_user=portal_user(chain.other_carrier),
        customer_user=portal_user(chain.customer, Role.PORTAL_CUSTOMER),
        other_customer_user=portal_user(chain.other_customer, Role.PORTAL_CUSTOMER),
    )
