"""Races on PostgreSQL: two people acting on the same order or purchase order at the same moment.

Each test starts its contenders together from separate threads (each thread has its own database
connection) and checks that exactly one wins, the loser gets a clear refusal, and the row ends in a
state one of them intended -- never a lost update or an impossible mix of both.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from catena.core.models import Event
from catena.core.versions import StaleVersion
from catena.fulfilment import services
from catena.fulfilment.choices import PurchaseOrderStatus, StageState
from catena.fulfilment.models import PurchaseOrder, SupplierPromise
from catena.fulfilment.tests.scenario import build_chain, made_order, portal_user, stock_order
from catena.sales.models import SalesOrder
from catena.tests.race import RACE_MARKS, race

pytestmark = RACE_MARKS


def test_two_people_moving_the_same_stage_one_wins_with_versions() -> None:
    chain = build_chain()
    for _round in range(5):
        order = stock_order(chain)
        seen = order.version
        results = race(
            lambda o=order, v=seen: services.move_stage(
                o, to="confirmed", actor=chain.sales, expected_version=v
            ),
            lambda o=order, v=seen: services.move_stage(
                o, to="confirmed", actor=chain.manager, expected_version=v
            ),
        )
        winners = [r for r in results if isinstance(r, SalesOrder)]
        losers = [r for r in results if isinstance(r, StaleVersion)]
        assert len(winners) == 1 and len(losers) == 1, results
        fresh = SalesOrder.objects.get(pk=order.pk)
        assert fresh.stage == "confirmed" and fresh.version == seen + 1
        assert Event.objects.filter(name="order.stage_changed", subject_id=str(order.pk)).count() == 1
        assert fresh.stages.filter(state=StageState.ACTIVE).count() == 1


def test_without_versions_the_second_move_is_refused_not_applied_twice() -> None:
    chain = build_chain()
    order = stock_order(chain)
    results = race(
        lambda: services.move_stage(order, to="confirmed", actor=chain.sales),
        lambda: services.move_stage(order, to="confirmed", actor=chain.manager),
    )
    assert sum(isinstance(r, SalesOrder) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    fresh = SalesOrder.objects.get(pk=order.pk)
    assert fresh.version == 2
    assert dict(fresh.stages.values_list("code", "state"))["allocated"] == StageState.PENDING


def test_supplier_confirming_while_the_buyer_cancels_leaves_one_consistent_outcome() -> None:
    chain = build_chain()
    supplier_user = portal_user(chain.supplier)
    outcomes = set()
    for _round in range(6):
        (po,) = services.purchase_materials(made_order(chain), actor=chain.purchasing)
        seen = po.version
        results = race(
            lambda p=po, v=seen: services.answer_purchase_order(
                p, actor=supplier_user, answer="confirm", source="portal", expected_version=v
            ),
            lambda p=po, v=seen: services.cancel_purchase_order(
                p, actor=chain.purchasing, reason="客户取消", expected_version=v
            ),
        )
        assert sum(isinstance(r, PurchaseOrder) for r in results) == 1, results
        assert sum(isinstance(r, StaleVersion) for r in results) == 1, results
        fresh = PurchaseOrder.objects.get(pk=po.pk)
        promises = SupplierPromise.objects.filter(purchase_order=po).count()
        if fresh.status == PurchaseOrderStatus.CONFIRMED:
            assert promises == 1 and fresh.promised_date is not None
        else:
            assert fresh.status == PurchaseOrderStatus.CANCELLED and promises == 0
        assert fresh.version == seen + 1
        outcomes.add(fresh.status)
    assert outcomes <= {PurchaseOrderStatus.CONFIRMED, PurchaseOrderStatus.CANCELLED}


def test_a_cancelled_order_gets_no_late_stage_move() -> None:
    chain = build_chain()
    order = stock_order(chain)
    results = race(
        lambda: services.set_status(order, status="cancelled", actor=chain.manager, reason="客户取消"),
        lambda: services.move_stage(order, to="confirmed", actor=chain.sales),
    )
    fresh = SalesOrder.objects.get(pk=order.pk)
    if isinstance(results[1], SalesOrder):  # the move came first, then the cancel
        assert fresh.stage == "confirmed"
    else:
        assert isinstance(results[1], ValidationError) and fresh.stage == "received"
    assert fresh.status == "cancelled"


def test_the_same_carrier_event_posted_concurrently_is_recorded_once() -> None:
    chain = build_chain()
    shipment = services.create_shipment(stock_order(chain), actor=chain.logistics, carrier=chain.carrier)
    carrier_user = portal_user(chain.carrier)
    results = race(
        *[
            (
                lambda: services.record_tracking_event(
                    shipment, actor=carrier_user, kind="picked_up", external_id="EVT-1", source="api"
                )
            )
            for _ in range(3)
        ]
    )
    assert len({r.pk for r in results}) == 1, results
    assert shipment.events.count() == 1
    line = shipment.lines.get().order_line
    line.refresh_from_db()
    assert line.shipped_quantity == line.quantity  # shipped once, not three times
