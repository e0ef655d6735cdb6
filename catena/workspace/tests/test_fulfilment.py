"""Purchase orders and shipments in the workspace: a supplier's answer reaches the buyer, a
carrier's problem the order's owner and followers, and the pages carry the activity panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from catena.accounts.choices import Role
from catena.core import events
from catena.fulfilment import services
from catena.fulfilment.models import PurchaseOrder
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order, user
from catena.workspace import rules
from catena.workspace import services as workspace
from catena.workspace.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def sent_po(chain: Chain) -> PurchaseOrder:
    (po,) = services.purchase_materials(made_order(chain), actor=chain.purchasing)
    return po


def test_a_supplier_answering_in_the_portal_notifies_the_buyer(chain: Chain) -> None:
    po = sent_po(chain)
    PurchaseOrder.objects.filter(pk=po.pk).update(buyer=chain.purchasing)
    supplier = portal_user(chain.supplier)
    events.dispatch_pending()

    services.answer_purchase_order(
        po, actor=supplier, answer="confirm", promised_date=timezone.localdate() + timedelta(days=9)
    )
    events.dispatch_pending()

    (notification,) = Notification.objects.filter(event_name="purchase_order.confirmed")
    assert notification.recipient == chain.purchasing and notification.target == po
    assert rules.render(notification.verb, notification.params).startswith(
        f"The supplier confirmed {po.number}"
    )
    assert not Notification.objects.filter(recipient=supplier).exists()


def test_a_carrier_exception_notifies_the_orders_owner_and_the_shipments_followers(chain: Chain) -> None:
    order = stock_order(chain)
    shipment = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF42"
    )
    marketing = user(Role.MARKETING)
    workspace.follow(shipment, actor=chain.manager)
    events.dispatch_pending()

    services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
    services.record_tracking_event(shipment, actor=chain.logistics, kind="exception", reason="道路封闭")
    events.dispatch_pending()

    exceptions = Notification.objects.filter(verb="shipment.exception")
    assert {n.recipient for n in exceptions} == {order.owner, chain.manager} - {None}
    assert not exceptions.filter(recipient=marketing).exists()
    assert "道路封闭" in rules.render("shipment.exception", exceptions[0].params)


def test_order_purchase_order_and_shipment_pages_carry_the_panel(chain: Chain) -> None:
    po = sent_po(chain)
    order = stock_order(chain)
    shipment = services.create_shipment(order, actor=chain.logistics, carrier=chain.carrier)
    client = Client()
    client.force_login(chain.manager)

    for url, panel in (
        (f"/orders/{order.pk}/", f"activity-panel-sales-salesorder-{order.pk}"),
        (f"/orders/purchase-orders/{po.pk}/", f"activity-panel-fulfilment-purchaseorder-{po.pk}"),
        (f"/orders/shipments/{shipment.pk}/", f"activity-panel-fulfilment-shipment-{shipment.pk}"),
    ):
        page = client.get(url)
        assert page.status_code == 200 and f'id="{panel}"' in page.content.decode(), url
