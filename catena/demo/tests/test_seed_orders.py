"""The seeded year of orders: every order, purchase order, work order and shipment is in a state
the fulfilment services could have left it in, and the portal users have a story to follow.

One seed (scale 0.3, ~750 orders) serves the whole module: it is written once inside a
transaction that is rolled back when the module is done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catena.accounts.models import User
from catena.catalog.models import Component
from catena.comms.models import Interaction
from catena.core import access
from catena.core.money import quantize
from catena.demo.portal import PORTAL_USERNAMES, portal_party
from catena.demo.seed import SeedResult, seed_demo_data
from catena.demo.users import DEMO_PASSWORD, ensure_demo_users
from catena.fulfilment import services
from catena.fulfilment.choices import (
    EVENT_STATUS,
    PurchaseOrderStatus,
    ShipmentStatus,
    StageState,
    StepTrigger,
    SupplierAnswer,
)
from catena.fulfilment.models import (
    FlowTemplate,
    OrderStage,
    PurchaseOrder,
    Shipment,
    ShipmentLine,
    SupplierItem,
    SupplierPromise,
    TrackingEvent,
    WorkOrder,
)
from catena.fulfilment.services.flow.start import schedule
from catena.fulfilment.services.shipping import carrier_sla
from catena.sales.choices import (
    ACTIVE_STATUSES,
    LeadStatus,
    LineFulfilment,
    OrderStatus,
    OrderType,
    QuoteStatus,
)
from catena.sales.models import Lead, Opportunity, PipelineStep, Quote, SalesOrder, SalesOrderLine

pytestmark = pytest.mark.django_db
SCALE = 0.3
MOVING = {ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[SeedResult]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        ensure_demo_users()
        result = seed_demo_data(scale=SCALE, seed=7)
        yield result
        transaction.set_rollback(True)


def stages_by_order() -> dict[int, list[OrderStage]]:
    stages: dict[int, list[OrderStage]] = defaultdict(list)
    for stage in OrderStage.objects.order_by("order_id", "sequence"):
        stages[stage.order_id].append(stage)
    return stages


def test_a_year_of_orders_of_both_types_at_about_four_lines_each(world: SeedResult) -> None:
    orders = SalesOrder.objects.all()
    types = Counter(orders.values_list("order_type", flat=True))

    assert orders.count() == world.counts["orders"] == round(2500 * SCALE)
    assert 0.22 < types[OrderType.MAKE_TO_ORDER] / orders.count() < 0.38
    assert 3.6 < SalesOrderLine.objects.count() / orders.count() < 4.6
    oldest = orders.order_by("ordered_at").first()
    assert oldest is not None and oldest.ordered_at > timezone.now() - timedelta(days=367)
    assert orders.filter(ordered_at__gt=timezone.now() - timedelta(days=7)).exists()
    # bigger customers order more: the busiest tenth of customers place far more than a tenth
    per_customer = sorted(Counter(orders.values_list("customer_id", flat=True)).values(), reverse=True)
    assert sum(per_customer[: len(per_customer) // 10]) > 0.3 * orders.count()


def test_every_order_has_the_stages_of_its_template_due_back_from_the_requested_date(
    world: SeedResult,
) -> None:
    steps = {
        t.order_type: list(t.steps.order_by("sequence")) for t in FlowTemplate.objects.filter(is_default=True)
    }
    stages = stages_by_order()

    for order in SalesOrder.objects.all():
        template = steps[order.order_type]
        mine = stages[order.pk]
        assert [(s.step_id, s.code, s.name, s.department_id, s.standard_hours) for s in mine] == [
            (s.pk, s.code, s.name, s.department_id, s.standard_hours) for s in template
        ]
        assert [s.due_at for s in mine] == schedule(template, order.ordered_at, order.requested_date)
        assert mine[0].started_at == order.ordered_at and mine[0].owner_id == order.owner_id


def test_stages_follow_one_another_with_their_times(world: SeedResult) -> None:
    now = timezone.now()

    for stages in stages_by_order().values():
        for before, after in zip(stages, stages[1:], strict=False):
            if after.started_at is not None:
                assert before.completed_at == after.started_at
        for stage in stages:
            if stage.state in (StageState.DONE, StageState.SKIPPED):
                assert stage.started_at is not None and stage.completed_at is not None
                assert stage.started_at <= stage.completed_at <= now
            if stage.state == StageState.SKIPPED:
                assert stage.started_at == stage.completed_at
            if stage.state == StageState.PENDING:
                assert stage.started_at is None and stage.completed_at is None
            if stage.state == StageState.ACTIVE:
                assert stage.started_at is not None and stage.completed_at is None


def test_open_orders_have_one_active_stage_which_the_order_names_and_closed_ones_none(
    world: SeedResult,
) -> None:
    stages = stages_by_order()

    for order in SalesOrder.objects.all():
        mine = stages[order.pk]
        active = [s for s in mine if s.state == StageState.ACTIVE]
        if order.status == OrderStatus.CLOSED:
            assert not active
            assert {s.state for s in mine} <= {StageState.DONE, StageState.SKIPPED}
            assert order.stage == mine[-1].code and order.stage_entered_at == mine[-1].started_at
        else:
            assert len(active) == 1, order.number
            assert order.stage == active[0].code and order.stage_entered_at == active[0].started_at
        moves = sum(1 for s in mine[1:] if s.started_at is not None and s.state != StageState.SKIPPED)
        assert order.version >= 1 + moves


def test_orders_are_held_cancelled_back_ordered_and_shipped_in_parts(world: SeedResult) -> None:
    total = SalesOrder.objects.count()
    statuses = Counter(SalesOrder.objects.values_list("status", flat=True))
    stuck = OrderStage.objects.late().filter(order__status__in=ACTIVE_STATUSES)

    assert 0.01 < statuses[OrderStatus.ON_HOLD] / total < 0.06
    assert 0.008 < statuses[OrderStatus.CANCELLED] / total < 0.05
    assert statuses[OrderStatus.BACK_ORDERED] + statuses[OrderStatus.PARTIALLY_SHIPPED] > 0
    assert 0.8 < statuses[OrderStatus.CLOSED] / total < 0.97
    assert not SalesOrder.objects.filter(
        status__in=[OrderStatus.ON_HOLD, OrderStatus.CANCELLED], status_reason=""
    )
    two = Counter(Shipment.objects.values_list("sales_order_id", flat=True))
    assert [order for order, count in two.items() if count == 2]
    assert (
        stuck.exists() and OrderStage.objects.filter(state=StageState.ACTIVE).exclude(pk__in=stuck).exists()
    )


def test_order_totals_are_the_sum_of_their_lines(world: SeedResult) -> None:
    lines: dict[int, list[SalesOrderLine]] = defaultdict(list)
    for line in SalesOrderLine.objects.all():
        lines[line.order_id].append(line)

    for order in SalesOrder.objects.all():
        assert order.total_net == quantize(sum((x.net_amount for x in lines[order.pk]), Decimal(0)))
        assert order.total_tax == quantize(sum((x.tax_amount for x in lines[order.pk]), Decimal(0)))
        fulfilment = (
            LineFulfilment.MAKE if order.order_type == OrderType.MAKE_TO_ORDER else LineFulfilment.STOCK
        )
        assert {x.fulfilment for x in lines[order.pk]} == {fulfilment}


def test_shipped_quantities_are_what_the_carriers_picked_up(world: SeedResult) -> None:
    booked: dict[int, Decimal] = defaultdict(Decimal)
    picked: dict[int, Decimal] = defaultdict(Decimal)
    for row in ShipmentLine.objects.select_related("shipment"):
        booked[row.order_line_id] += row.quantity
        if row.shipment.picked_up_at is not None:
            picked[row.order_line_id] += row.quantity
    past_shipping = set(
        OrderStage.objects.filter(code="shipped", state=StageState.DONE).values_list("order_id", flat=True)
    )

    for line in SalesOrderLine.objects.all():
        assert booked[line.pk] <= line.quantity
        assert line.shipped_quantity == picked[line.pk]
        if line.order_id in past_shipping:
            assert line.shipped_quantity == line.quantity


def test_shipments_keep_the_carriers_promise_times_and_tell_their_story_in_events(world: SeedResult) -> None:
    events: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.order_by("shipment_id", "occurred_at", "id"):
        events[event.shipment_id].append(event)

    for shipment in Shipment.objects.select_related("carrier", "sales_order__customer"):
        mine = events[shipment.pk]
        assert shipment.status == (EVENT_STATUS[mine[-1].kind] if mine else ShipmentStatus.PLANNED)
        contract = carrier_sla(shipment.carrier, shipment.sales_order.customer)
        if contract is not None:
            assert shipment.promised_pickup_at - shipment.created_at == timedelta(hours=contract.pickup_hours)
            assert shipment.promised_delivery_at - shipment.promised_pickup_at == timedelta(
                days=contract.transit_days
            )
        if shipment.status == ShipmentStatus.DELIVERED:
            assert shipment.picked_up_at is not None and shipment.delivered_at is not None
            assert shipment.created_at < shipment.picked_up_at <= shipment.delivered_at
            assert [e.kind for e in mine][0] == "picked_up" and mine[-1].kind == "delivered"
            assert "out_for_delivery" in {e.kind for e in mine}
        if shipment.pod_signed_by:
            assert shipment.status == ShipmentStatus.DELIVERED and shipment.pod_signed_at is not None
    exceptions = TrackingEvent.objects.filter(kind="exception")
    assert exceptions.exists() and not exceptions.filter(reason="").exists()
    assert Shipment.objects.exclude(pod_signed_by="").exists()
    share = exceptions.values("shipment").distinct().count() / Shipment.objects.count()
    assert share < 0.08


def test_promises_are_kept_when_the_goods_arrive_by_the_promised_date(world: SeedResult) -> None:
    settled = SupplierPromise.objects.filter(kept__isnull=False).select_related("purchase_order")

    for promise in settled:
        po = promise.purchase_order
        if promise.resolved_at == po.received_at:
            received_on = timezone.localtime(po.received_at).date()
            assert promise.kept == (received_on <= promise.promised_date)
        else:  # the supplier moved the date: the earlier promise is broken then
            assert promise.kept is False
            later = po.promises.filter(answered_at=promise.resolved_at, answer=SupplierAnswer.PROPOSE)
            assert later.exists()
    for po in PurchaseOrder.objects.filter(status=PurchaseOrderStatus.RECEIVED):
        assert po.promises.filter(kept__isnull=False).exists()
        assert not po.lines.exclude(received_quantity=F("quantity")).exists()
    kept = Counter(settled.values_list("kept", flat=True))
    assert kept[True] > kept[False] > 0


def test_purchase_orders_buy_the_bill_of_materials_from_the_preferred_supplier(world: SeedResult) -> None:
    preferred = dict(SupplierItem.objects.filter(is_preferred=True).values_list("product_id", "supplier_id"))
    bom = {(c.product_id, c.component_id): c.quantity for c in Component.objects.all()}
    purchased = PurchaseOrder.objects.exclude(sales_order=None).prefetch_related("lines__sales_order_line")

    assert purchased.exists()
    for po in purchased:
        total = Decimal(0)
        for line in po.lines.all():
            assert preferred[line.product_id] == po.supplier_id
            order_line = line.sales_order_line
            assert order_line is not None and order_line.order_id == po.sales_order_id
            assert line.quantity == order_line.quantity * bom[(order_line.product_id, line.product_id)]
            total += line.quantity * line.unit_price
        assert po.total_net == quantize(total)
        assert po.ordered_at.date() <= po.needed_by


def test_work_orders_cover_every_made_to_order_line_once_production_is_planned(world: SeedResult) -> None:
    planned = OrderStage.objects.filter(code="production_planned", state=StageState.DONE).values("order_id")

    for order in SalesOrder.objects.filter(pk__in=planned).prefetch_related("lines", "work_orders"):
        assert {wo.sales_order_line_id for wo in order.work_orders.all()} == {x.pk for x in order.lines.all()}
    for wo in WorkOrder.objects.all():
        assert wo.planned_start <= wo.planned_finish
        if wo.actual_finish is not None:
            assert wo.actual_start is not None and wo.actual_start <= wo.actual_finish
    produced = OrderStage.objects.filter(code="produced", state=StageState.DONE).select_related("order")
    for stage in produced:
        finished = [wo.actual_finish for wo in stage.order.work_orders.all()]
        assert stage.completed_at == max(f for f in finished if f is not None)


def test_some_suppliers_are_reliably_late_and_others_excellent(world: SeedResult) -> None:
    rates: dict[int, list[bool]] = defaultdict(list)
    for supplier_id, kept in SupplierPromise.objects.filter(kept__isnull=False).values_list(
        "purchase_order__supplier_id", "kept"
    ):
        rates[supplier_id].append(kept)
    kept_share = sorted(sum(k) / len(k) for k in rates.values() if len(k) >= 5)

    assert kept_share[0] < 0.5 and kept_share[-1] > 0.9
    assert 0.65 < kept_share[len(kept_share) // 2] < 0.95  # most are fine


def test_production_and_the_stages_after_it_are_the_usual_bottleneck(world: SeedResult) -> None:
    done = OrderStage.objects.filter(state=StageState.DONE, completed_at__isnull=False)

    def slowness(code: str) -> float:
        ratios = sorted(
            (s.completed_at - s.started_at).total_seconds() / 3600 / s.standard_hours  # type: ignore[operator]
            for s in done.filter(code=code)
        )
        return ratios[len(ratios) // 2]

    assert slowness("produced") > 1.2 > slowness("confirmed")


def test_the_services_carry_on_from_where_the_seed_left_each_order(world: SeedResult) -> None:
    manager = User.objects.get(username="manager")
    # an order in a stage a person finishes (a stage that stands for a fact needs the fact)
    order = (
        SalesOrder.objects.filter(
            status=OrderStatus.OPEN, stages__state=StageState.ACTIVE, stages__step__trigger=StepTrigger.MANUAL
        )
        .filter(stages__state=StageState.PENDING)
        .order_by("id")
        .first()
    )
    assert order is not None
    nxt = order.stages.filter(state=StageState.PENDING).order_by("sequence").first()
    assert nxt is not None

    moved = services.move_stage(order, to=nxt.code, actor=manager, expected_version=order.version)

    assert moved.stage == nxt.code and moved.version == order.version + 1
    held = SalesOrder.objects.filter(status=OrderStatus.ON_HOLD).first()
    assert held is not None
    released = services.set_status(
        held, status=OrderStatus.OPEN, actor=manager, expected_version=held.version
    )
    assert released.status == OrderStatus.OPEN
    cancelled = SalesOrder.objects.filter(status=OrderStatus.CANCELLED).first()
    assert cancelled is not None
    later = cancelled.stages.filter(state=StageState.PENDING).order_by("sequence").first()
    assert later is not None
    with pytest.raises(ValidationError) as error:
        services.move_stage(cancelled, to=later.code, actor=manager)
    assert "status" in error.value.message_dict


def test_accepted_quotes_became_orders_with_the_same_lines_and_terms(world: SeedResult) -> None:
    accepted = Quote.objects.filter(status=QuoteStatus.ACCEPTED).select_related("order", "opportunity__step")

    assert 0.06 < accepted.count() / SalesOrder.objects.count() < 0.18
    for quote in accepted:
        order = quote.order
        assert order is not None and order.customer_id == quote.customer_id
        assert order.customer_reference == str(quote)  # as accept_quote_as_order writes it
        assert (order.total_net, order.total_tax, order.payment_terms) == (
            quote.total_net, quote.total_tax, quote.payment_terms,
        )  # fmt: skip
        offered = list(quote.lines.values_list("product_id", "quantity", "unit_price", "discount_pct"))
        ordered = list(order.lines.values_list("product_id", "quantity", "unit_price", "discount_pct"))
        assert offered == ordered
        assert quote.sent_at is not None and quote.sent_at < order.ordered_at == quote.decided_at
        assert timezone.localtime(order.ordered_at).date() <= quote.valid_until
        deal = quote.opportunity
        if deal is not None:
            assert deal.step.is_won and deal.closed_at == order.ordered_at and deal.amount == quote.total_net
    assert accepted.exclude(opportunity=None).exists() and accepted.filter(opportunity=None).exists()


def test_the_board_has_deals_in_every_step_closing_over_the_next_months(world: SeedResult) -> None:
    today = timezone.localdate()
    open_deals = Opportunity.objects.open().select_related("step")

    for step in PipelineStep.objects.filter(is_won=False, is_lost=False):
        assert open_deals.filter(step=step).exists(), step.code
    closes = sorted(open_deals.values_list("expected_close", flat=True))
    assert closes[len(closes) // 2] > today and closes[-1] <= today + timedelta(days=190)
    assert closes[0] < today  # a few are slipping
    assert all(d.amount > 0 and 0 < d.probability < 100 for d in open_deals)
    for deal in open_deals.filter(step__code__in=["proposal", "negotiation"]):
        quote = deal.quotes.exclude(status=QuoteStatus.SUPERSEDED).get()
        assert quote.status == QuoteStatus.SENT and quote.valid_until >= today
        assert deal.amount == quote.total_net
    lost = Opportunity.objects.filter(step__is_lost=True)
    assert lost.exists() and not lost.filter(lost_reason="").exists()
    assert not lost.filter(closed_at=None).exists() and not open_deals.exclude(closed_at=None).exists()
    for revised in Quote.objects.filter(version=2):
        first = Quote.objects.get(number=revised.number, version=1)
        assert first.status == QuoteStatus.SUPERSEDED and first.sent_at < revised.sent_at  # type: ignore[operator]


def test_leads_come_in_every_status_and_converted_ones_became_deals(world: SeedResult) -> None:
    statuses = Counter(Lead.objects.values_list("status", flat=True))

    assert set(statuses) == set(LeadStatus.values)
    for lead in Lead.objects.filter(status=LeadStatus.CONVERTED):
        assert lead.party_id is not None and lead.converted_at is not None
        deal = lead.opportunities.get()
        assert deal.party_id == lead.party_id and deal.is_open and deal.created_at == lead.converted_at
    assert not Lead.objects.filter(status=LeadStatus.DISQUALIFIED, disqualified_reason="").exists()
    assert all(lead.bant_score >= 3 for lead in Lead.objects.filter(status=LeadStatus.QUALIFIED))


def test_portal_users_see_their_own_records_and_nobody_elses(world: SeedResult) -> None:
    usernames = list(User.objects.filter(username__in=PORTAL_USERNAMES).values_list("username", flat=True))
    # three of each kind, as far as there are carriers with shipments (two at this scale)
    assert len(usernames) == world.counts["portal_users"] == 8
    assert {"supplier3", "carrier2", "customer3"} <= set(usernames)
    for username in usernames:
        user = User.objects.get(username=username)
        party = portal_party(username)
        assert party is not None and user.check_password(DEMO_PASSWORD)
        pos = access.restrict(PurchaseOrder.objects.all(), user)
        shipments = access.restrict(Shipment.objects.all(), user)
        orders = access.restrict(SalesOrder.objects.all(), user)
        if username.startswith("supplier"):
            assert pos.exists() and set(pos.values_list("supplier_id", flat=True)) == {party.pk}
            assert pos.filter(status__in=[PurchaseOrderStatus.SENT, PurchaseOrderStatus.PROPOSED]).exists()
            assert not shipments.exists() and not orders.exists()
        elif username.startswith("carrier"):
            assert shipments.exists() and set(shipments.values_list("carrier_id", flat=True)) == {party.pk}
            if username == "carrier1":
                assert shipments.filter(status__in=MOVING | {ShipmentStatus.PLANNED}).exists()
            assert not pos.exists() and not orders.exists()
        else:
            assert set(orders.values_list("customer_id", flat=True)) == {party.pk}
            assert orders.filter(status__in=ACTIVE_STATUSES).exists()
            assert set(shipments.values_list("sales_order__customer_id", flat=True)) <= {party.pk}
            assert not pos.exists()
        assert PurchaseOrder.objects.exclude(supplier=party).exists()  # there were others to hide


def test_a_supplier_answers_its_waiting_purchase_order_on_the_portal(world: SeedResult) -> None:
    user = User.objects.get(username="supplier1")
    po = access.restrict(PurchaseOrder.objects.filter(status=PurchaseOrderStatus.SENT), user).first()
    assert po is not None

    answered = services.answer_purchase_order(
        po, actor=user, answer=SupplierAnswer.CONFIRM, promised_date=po.needed_by, source="portal"
    )

    assert answered.status == PurchaseOrderStatus.CONFIRMED and answered.version == po.version + 1
    other = PurchaseOrder.objects.exclude(supplier_id=po.supplier_id).first()
    assert other is not None
    with pytest.raises(access.PermissionDenied):
        services.answer_purchase_order(other, actor=user, answer=SupplierAnswer.CONFIRM)


def test_only_the_most_recent_orders_have_their_flow_on_the_timeline(world: SeedResult) -> None:
    notes = Interaction.objects.filter(related_type__model="salesorder")
    ordered = dict(SalesOrder.objects.values_list("pk", "ordered_at"))
    cutoff = timezone.now() - timedelta(days=20)

    assert notes.exists()
    for related_id, subject, party_id in notes.values_list("related_id", "subject", "party_id"):
        order = SalesOrder.objects.get(pk=int(related_id))
        numbers = [order.number, *order.shipments.values_list("number", flat=True)]
        assert any(number in subject for number in numbers) and order.customer_id == party_id
        assert ordered[order.pk] > cutoff
    assert notes.values("related_id").distinct().count() < 0.08 * len(ordered)


def test_nothing_happens_after_today(world: SeedResult) -> None:
    now = timezone.now()

    assert not SalesOrder.objects.filter(updated_at__gt=now).exists()
    assert not OrderStage.objects.filter(completed_at__gt=now).exists()
    assert not PurchaseOrder.objects.filter(received_at__gt=now).exists()
    assert not SupplierPromise.objects.filter(answered_at__gt=now).exists()
    assert not TrackingEvent.objects.filter(occurred_at__gt=now).exists()
    assert not WorkOrder.objects.filter(actual_finish__gt=now).exists()
    assert SalesOrder.history.filter(history_date__gt=now).count() == 0  # type: ignore[attr-defined]
    assert SalesOrder.history.count() == SalesOrder.objects.count()  # type: ignore[attr-defined]


def test_a_year_of_the_service_desk_on_the_clock(world: SeedResult) -> None:
    from collections import Counter

    from django.contrib.contenttypes.models import ContentType

    from catena.service.models import Case, PartnerTask, SlaClock

    cases = list(Case.objects.all())
    assert world.counts["cases"] == len(cases) >= 40
    assert {case.case_type for case in cases} >= {"complaint", "claim", "inquiry"}
    assert len({case.channel for case in cases}) >= 4
    # most are done, the latest still being worked, each active one on the clock
    done = [case for case in cases if case.status in ("resolved", "closed")]
    assert len(done) > len(cases) / 2
    assert all(case.root_cause and case.resolved_at for case in done)
    for case in cases:
        assert case.owner_id and case.messages.count() >= 2
    case_type = ContentType.objects.get_for_model(Case)
    first = SlaClock.objects.filter(content_type=case_type, kind="first_response", stopped_at__isnull=False)
    met = sum(1 for c in first if c.stopped_at <= c.due_at)
    assert 0.5 < met / first.count() < 0.97  # mostly in time, sometimes late
    # complaints concentrate on a couple of carriers
    by_carrier = Counter(
        Case.objects.filter(case_type__in=("complaint", "claim"), shipment__isnull=False).values_list(
            "shipment__carrier_id", flat=True
        )
    )
    top_two = sum(n for _carrier, n in by_carrier.most_common(2))
    assert top_two > sum(by_carrier.values()) / 2
    tasks = PartnerTask.objects.all()
    assert (
        tasks.exists()
        and tasks.filter(stance="disputed").exists()
        and tasks.filter(stance="accepted").exists()
    )
    assert all(SlaClock.objects.for_record(task).exists() for task in tasks)
