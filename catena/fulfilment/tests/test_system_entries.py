"""What the order flow writes on the timelines of its customer and supplier: system entries, never
contact with the party."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from catena.comms.choices import InteractionKind
from catena.comms.models import Interaction
from catena.comms.services import log_interaction
from catena.core import events
from catena.fulfilment import services
from catena.fulfilment.choices import SupplierAnswer
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order
from catena.sales.choices import OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def kinds_on(party: object) -> list[str]:
    return list(Interaction.objects.filter(party=party).order_by("id").values_list("kind", flat=True))


def test_stage_moves_status_changes_and_deliveries_are_system_entries(chain: Chain) -> None:
    # given an order that moves on, is shipped, delivered and put on hold
    order = stock_order(chain)
    order = services.move_stage(order, to="confirmed", actor=chain.sales, note="付款条件已确认")
    shipment = services.create_shipment(order, actor=chain.logistics, carrier=chain.carrier)
    services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
    services.record_tracking_event(shipment, actor=chain.logistics, kind="delivered", location="上海")
    held = services.set_status(
        stock_order(chain), status=OrderStatus.ON_HOLD, actor=chain.sales, reason="待付款"
    )
    # when the worker writes the notes of the events
    events.dispatch_pending()

    # then the customer's timeline holds them all, as system entries only
    kinds = kinds_on(chain.customer)
    assert len(kinds) >= 3
    assert set(kinds) == {InteractionKind.SYSTEM}
    subjects = " ".join(Interaction.objects.filter(party=chain.customer).values_list("subject", flat=True))
    assert order.number in subjects and shipment.number in subjects and held.number in subjects


def test_purchase_orders_sent_and_answered_are_system_entries_of_the_supplier(chain: Chain) -> None:
    order = made_order(chain)
    order = services.move_stage(order, to="confirmed", actor=chain.sales)
    order = services.move_stage(order, to="production_planned", actor=chain.sales)
    services.plan_production(order, actor=chain.production)
    (po,) = services.purchase_materials(order, actor=chain.purchasing)

    services.answer_purchase_order(
        po,
        actor=portal_user(chain.supplier),
        answer=SupplierAnswer.CONFIRM,
        promised_date=timezone.localdate() + timedelta(days=5),
        source="portal",
    )

    kinds = kinds_on(chain.supplier)
    assert len(kinds) == 2  # sent, then confirmed by the supplier
    assert set(kinds) == {InteractionKind.SYSTEM}


def test_a_note_a_person_writes_about_an_order_stays_an_exchange(chain: Chain) -> None:
    order = stock_order(chain)

    note = log_interaction(
        order.customer,
        actor=chain.sales,
        channel="note",
        direction="internal",
        subject="客户来电催货",
        related=order,
    )

    assert note.kind == InteractionKind.EXCHANGE
