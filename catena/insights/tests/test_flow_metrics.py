"""The flow figures: exact medians, 90th percentiles and rates from known durations, stored as a
snapshot per run. Every test runs on SQLite (percentiles in Python) and on PostgreSQL
(percentile_cont in the database) and expects the same numbers."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from catena.core.models import Event
from catena.fulfilment import services as fulfilment
from catena.fulfilment.choices import StageState
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order
from catena.insights import flow_measures, services
from catena.insights.choices import FlowDimension, RunStatus
from catena.insights.models import FlowMetric, FlowMetricRun
from catena.insights.quantiles import percentile_cont
from catena.insights.tests import flow_data as data
from catena.insights.tests.flow_data import hours, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def figures(run: FlowMetricRun, dimension: str) -> dict[str, FlowMetric]:
    return {m.key: m for m in FlowMetric.objects.filter(run=run, dimension=dimension)}


def test_percentiles_interpolate_like_postgresql() -> None:
    assert percentile_cont([1, 2, 3, 10], 0.5) == 2.5
    assert percentile_cont([1, 2, 3, 10], 0.9) == pytest.approx(7.9)
    assert percentile_cont([7], 0.9) == 7
    assert percentile_cont([], 0.5) is None


def test_stage_and_department_cycle_times_are_exact(chain: Chain) -> None:
    start = local(2025, 3, 3, 9)
    orders = [data.order(chain) for _ in range(4)]
    for placed, took in zip(orders, [1, 2, 3, 10], strict=True):
        data.finish_stage(placed, "received", started=start, took=took, due_after=4)  # the 10 h one is late
    for placed, took in zip(orders[:2], [4, 6], strict=True):
        data.finish_stage(placed, "confirmed", started=start, took=took, due_after=5)
    for placed, took in zip(orders[:2], [5, 7], strict=True):
        data.finish_stage(placed, "allocated", started=start, took=took)
    data.finish_stage(orders[3], "picked", started=start, took=99, state=StageState.SKIPPED)

    run = services.compute_flow_metrics()

    stages = figures(run, FlowDimension.STAGE)
    received = stages["received"]
    assert (received.count, received.median_hours, received.p90_hours, received.avg_hours) == (
        4,
        2.5,
        7.9,
        4.0,
    )
    assert (received.on_time_rate, received.on_time_base) == (0.75, 4)
    assert received.label == "Received"
    confirmed = stages["confirmed"]
    assert (confirmed.median_hours, confirmed.p90_hours, confirmed.on_time_rate) == (5.0, 5.8, 0.5)
    allocated = stages["allocated"]
    assert (allocated.median_hours, allocated.on_time_rate, allocated.on_time_base) == (6.0, None, 0)
    assert "picked" not in stages  # skipped stages are not cycle times
    departments = figures(run, FlowDimension.DEPARTMENT)
    assert set(departments) == {"sales", "logistics"}
    sales = departments["sales"]  # 1, 2, 3, 4, 6, 10
    assert (sales.count, sales.median_hours, sales.p90_hours) == (6, 3.5, 8.0)
    logistics = departments["logistics"]
    assert (logistics.count, logistics.median_hours, logistics.p90_hours) == (2, 6.0, 6.8)
    assert run.stages_measured == 8


def test_order_to_delivery_per_week_and_on_time_by_local_date(chain: Chain) -> None:
    # Delivered 2025-03-05 00:30 in Shanghai is still 03-04 in UTC: late for a 03-04 request.
    # Delivered Monday 2025-03-10 01:00 in Shanghai is still Sunday in UTC: the next ISO week.
    on_time, late, no_request = (data.order(chain) for _ in range(3))
    data.deliver(
        on_time, ordered=local(2025, 3, 2, 9), delivered=local(2025, 3, 4, 9), requested=date(2025, 3, 4)
    )
    data.deliver(
        late, ordered=local(2025, 3, 2, 0, 30), delivered=local(2025, 3, 5, 0, 30), requested=date(2025, 3, 4)
    )
    data.deliver(no_request, ordered=local(2025, 3, 5, 1), delivered=local(2025, 3, 10, 1), requested=None)
    data.order(chain)  # not delivered: not measured

    run = services.compute_flow_metrics()

    overall = figures(run, FlowDimension.OVERALL)["all"]  # 48, 72, 120 hours
    assert (overall.count, overall.median_hours, overall.p90_hours, overall.avg_hours) == (
        3,
        72.0,
        110.4,
        80.0,
    )
    assert (overall.on_time_rate, overall.on_time_base) == (0.5, 2)
    weeks = figures(run, FlowDimension.WEEK)
    assert list(weeks) == ["2025-W10", "2025-W11"]
    first, second = weeks["2025-W10"], weeks["2025-W11"]
    assert (first.count, first.median_hours, first.p90_hours, first.on_time_rate) == (2, 60.0, 69.6, 0.5)
    assert first.week_start == date(2025, 3, 3) and second.week_start == date(2025, 3, 10)
    assert (second.count, second.median_hours, second.on_time_rate, second.on_time_base) == (
        1,
        120.0,
        None,
        0,
    )
    by_type = figures(run, FlowDimension.ORDER_TYPE)
    assert by_type["make_to_stock"].median_hours == 72.0 and "make_to_order" not in by_type
    assert run.orders_measured == 3


def test_supplier_lead_time_on_time_and_promise_kept_rates(chain: Chain) -> None:
    sent = local(2025, 3, 3, 9)
    kept = data.purchase_order(
        chain.supplier,
        sent=sent,
        received=sent + hours(24),
        needed_by=date(2025, 3, 1),
        promised=date(2025, 3, 4),
    )
    broken = data.purchase_order(
        chain.supplier,
        sent=sent,
        received=sent + hours(72),
        needed_by=date(2025, 3, 10),
        promised=date(2025, 3, 5),
    )
    data.purchase_order(chain.supplier, sent=sent, received=sent + hours(48), needed_by=date(2025, 3, 5))
    data.purchase_order(chain.supplier, sent=sent, received=None, needed_by=date(2025, 3, 5))  # still open
    data.promise(kept, kept=True, on=date(2025, 3, 4))
    data.promise(broken, kept=False, on=date(2025, 3, 4))
    data.promise(broken, kept=True, on=date(2025, 3, 6))
    data.promise(broken, kept=None, on=date(2025, 3, 7))  # not settled yet
    elsewhere = data.purchase_order(
        chain.other_supplier, sent=sent, received=None, needed_by=date(2025, 3, 5)
    )
    data.promise(elsewhere, kept=False, on=date(2025, 3, 4))

    run = services.compute_flow_metrics()

    suppliers = figures(run, FlowDimension.SUPPLIER)
    main = suppliers[str(chain.supplier.pk)]
    assert (main.count, main.median_hours, main.p90_hours) == (3, 48.0, 67.2)
    # received by the promised date (03-04 ✓, 03-06 vs 03-05 ✗) or else the needed-by date (✓)
    assert (main.on_time_rate, main.on_time_base) == (0.6667, 3)
    assert (main.promise_kept_rate, main.promises_resolved) == (0.6667, 3)
    assert main.party_id == chain.supplier.pk and main.label == chain.supplier.name
    other = suppliers[str(chain.other_supplier.pk)]
    assert (other.count, other.median_hours, other.promise_kept_rate) == (0, None, 0.0)
    assert run.purchase_orders_measured == 3


def test_carrier_transit_and_on_time_rates(chain: Chain) -> None:
    placed = data.order(chain)
    t = local(2025, 3, 3, 9)
    data.shipment(
        placed, chain.carrier, promised_pickup=t + hours(1), promised_delivery=t + hours(48),
        picked_up=t, delivered=t + hours(30),
    )  # fmt: skip
    data.shipment(
        placed, chain.carrier, promised_pickup=t + hours(4), promised_delivery=t + hours(52),
        picked_up=t + hours(5), delivered=t + hours(55),
    )  # fmt: skip
    data.shipment(
        placed, chain.carrier, promised_pickup=t + hours(4), promised_delivery=t + hours(52),
        picked_up=t + hours(2), delivered=None,
    )  # fmt: skip
    data.shipment(
        placed,
        chain.carrier,
        promised_pickup=t,
        promised_delivery=t,
        picked_up=t,
        delivered=None,
        status="cancelled",
    )
    data.shipment(
        placed, chain.other_carrier, promised_pickup=t, promised_delivery=None, picked_up=None, delivered=None
    )

    run = services.compute_flow_metrics()

    carriers = figures(run, FlowDimension.CARRIER)
    assert set(carriers) == {str(chain.carrier.pk)}  # nothing picked up by the other carrier
    row = carriers[str(chain.carrier.pk)]
    assert (row.count, row.median_hours, row.p90_hours) == (2, 40.0, 48.0)
    assert (row.on_time_rate, row.on_time_base) == (0.5, 2)
    assert (row.pickup_on_time_rate, row.pickup_base) == (0.6667, 3)
    assert run.shipments_measured == 2


def test_an_order_run_through_the_services_is_measured(chain: Chain) -> None:
    t = local(2025, 3, 3, 9)
    placed = stock_order(chain, ordered_at=t, requested_date=date(2025, 3, 12))
    placed = fulfilment.move_stage(placed, to="confirmed", actor=chain.sales, at=t + hours(2))
    placed = fulfilment.move_stage(placed, to="allocated", actor=chain.sales, at=t + hours(5))
    placed = fulfilment.move_stage(placed, to="picked", actor=chain.logistics, at=t + hours(9))
    placed = fulfilment.move_stage(placed, to="shipped", actor=chain.logistics, at=t + hours(20))
    parcel = fulfilment.create_shipment(
        placed, actor=chain.logistics, carrier=chain.carrier, ready_at=t + hours(20)
    )
    carrier = portal_user(chain.carrier)
    fulfilment.record_tracking_event(parcel, actor=carrier, kind="picked_up", occurred_at=t + hours(23))
    fulfilment.record_tracking_event(parcel, actor=carrier, kind="delivered", occurred_at=t + hours(60))

    run = services.compute_flow_metrics()

    stages = figures(run, FlowDimension.STAGE)
    took = {code: stages[code].median_hours for code in stages}
    assert took == {
        "received": 2,
        "confirmed": 3,
        "allocated": 4,
        "picked": 11,
        "shipped": 3,
        "delivered": 37,
    }
    assert {m.on_time_rate for m in stages.values()} == {1.0}
    overall = figures(run, FlowDimension.OVERALL)["all"]
    assert (overall.count, overall.median_hours, overall.on_time_rate) == (1, 60.0, 1.0)
    carrier_row = figures(run, FlowDimension.CARRIER)[str(chain.carrier.pk)]
    # the carrier's contract: pick-up within 4 h of ready, then 2 days' transit
    assert (carrier_row.median_hours, carrier_row.on_time_rate, carrier_row.pickup_on_time_rate) == (
        37.0,
        1.0,
        1.0,
    )
    assert figures(run, FlowDimension.DEPARTMENT)["logistics"].median_hours == 7.5  # 3, 4, 11, 37


def test_materials_bought_through_the_services_count_for_the_supplier(chain: Chain) -> None:
    placed = made_order(chain)
    (po,) = fulfilment.purchase_materials(placed, actor=chain.purchasing)
    promised = timezone.localdate() + timedelta(days=5)
    po = fulfilment.answer_purchase_order(
        po, actor=portal_user(chain.supplier), answer="confirm", promised_date=promised
    )
    fulfilment.receive_purchase_order(po, actor=chain.purchasing)

    run = services.compute_flow_metrics()

    row = figures(run, FlowDimension.SUPPLIER)[str(chain.supplier.pk)]
    assert (row.count, row.on_time_rate, row.promise_kept_rate, row.promises_resolved) == (1, 1.0, 1.0, 1)


def test_both_ways_of_computing_percentiles_agree(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> None:
    start = local(2025, 3, 3, 9)
    for took in [0.25, 1, 1.5, 2, 3.75, 8, 13, 21, 34.5, 55]:
        placed = data.order(chain)
        data.finish_stage(placed, "received", started=start, took=took, due_after=10)
        data.finish_stage(placed, "confirmed", started=start + hours(took), took=took * 2 + 1)
        data.deliver(
            placed, ordered=start, delivered=start + hours(40 + took * 3), requested=date(2025, 3, 6)
        )
    native = [flow_measures.stage_cycle_times(), flow_measures.order_to_delivery()]
    monkeypatch.setattr(flow_measures, "in_database", lambda: False)

    in_python = [flow_measures.stage_cycle_times(), flow_measures.order_to_delivery()]

    assert in_python == native
    if connection.vendor == "postgresql":  # there the first result came from percentile_cont
        received = next(row for row in native[0] if row["key"] == "received")
        assert received["p90_hours"] == round(
            percentile_cont([0.25, 1, 1.5, 2, 3.75, 8, 13, 21, 34.5, 55], 0.9), 4
        )


def test_a_run_records_its_snapshot_and_nothing_yet_is_an_empty_snapshot() -> None:
    run = services.compute_flow_metrics()

    assert run.status == RunStatus.DONE and run.metric_count == 0 and run.steps_done == run.steps_total
    assert run.duration_seconds is not None and run.engine == connection.vendor
    assert not FlowMetric.objects.exists()
    assert Event.objects.filter(name="flow_metrics.computed", subject_id=str(run.pk)).exists()


def test_each_run_is_its_own_snapshot_and_old_runs_are_pruned(chain: Chain) -> None:
    placed = data.order(chain)
    data.finish_stage(placed, "received", started=local(2025, 3, 3), took=2)
    first = services.compute_flow_metrics()
    data.finish_stage(placed, "received", started=local(2025, 3, 3), took=4)

    second = services.compute_flow_metrics()

    assert figures(first, FlowDimension.STAGE)["received"].median_hours == 2.0
    assert figures(second, FlowDimension.STAGE)["received"].median_hours == 4.0
    for _ in range(3):
        services.compute_flow_metrics()
    assert services.prune_runs(keep=2) == 3
    assert FlowMetricRun.objects.count() == 2
    assert not FlowMetric.objects.filter(run=first).exists()


def test_pruning_keeps_the_last_good_snapshot_behind_failures(chain: Chain) -> None:
    good = services.compute_flow_metrics()
    FlowMetricRun.objects.bulk_create([FlowMetricRun(status=RunStatus.FAILED) for _ in range(3)])

    services.prune_runs(keep=1)

    assert FlowMetricRun.objects.filter(pk=good.pk).exists()


def test_a_failing_run_is_marked_failed_and_keeps_the_previous_snapshot(
    chain: Chain, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = services.compute_flow_metrics()

    def broken() -> list[dict[str, object]]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "STEPS", [flow_measures.order_to_delivery, broken])
    with pytest.raises(RuntimeError):
        services.compute_flow_metrics()

    failed = FlowMetricRun.objects.exclude(pk=good.pk).get()
    assert failed.status == RunStatus.FAILED and "disk full" in failed.message
    assert not FlowMetric.objects.filter(run=failed).exists()
    from catena.insights.selectors.flow import latest_run

    assert latest_run() == good


def test_the_task_computes_a_waiting_run_once(chain: Chain) -> None:
    from catena.insights.tasks import compute_flow_metrics_task

    run = FlowMetricRun.objects.create()

    assert compute_flow_metrics_task(run.pk) == RunStatus.DONE
    assert compute_flow_metrics_task(run.pk) == "skipped"  # delivered twice
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.started_at is not None


def test_the_hourly_task_leaves_a_run_in_progress_alone(chain: Chain) -> None:
    from catena.insights.tasks import compute_flow_metrics_task

    running = FlowMetricRun.objects.create(status=RunStatus.RUNNING)

    assert compute_flow_metrics_task() == "skipped"
    assert list(FlowMetricRun.objects.values_list("pk", flat=True)) == [running.pk]
    running.status = RunStatus.DONE
    running.save()
    assert compute_flow_metrics_task() == RunStatus.DONE and FlowMetricRun.objects.count() == 2


def test_asking_again_while_a_run_is_waiting_returns_that_run(
    make_user, django_capture_on_commit_callbacks
) -> None:
    manager = make_user("manager")
    waiting = FlowMetricRun.objects.create()

    assert services.request_recompute(actor=manager) == waiting
    FlowMetricRun.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.request_recompute(actor=manager)

    waiting.refresh_from_db()
    assert waiting.status == RunStatus.FAILED  # abandoned by a worker that died
    fresh.refresh_from_db()
    assert fresh != waiting and fresh.status == RunStatus.DONE and fresh.requested_by == manager


def test_the_database_keeps_a_second_run_from_waiting_or_computing() -> None:
    FlowMetricRun.objects.create(status=RunStatus.RUNNING)

    with pytest.raises(IntegrityError), transaction.atomic():
        FlowMetricRun.objects.create()

    FlowMetricRun.objects.create(status=RunStatus.DONE)
    assert FlowMetricRun.objects.count() == 2


def test_asking_while_the_hourly_run_computes_returns_that_run(make_user) -> None:
    hourly = FlowMetricRun.objects.create(status=RunStatus.RUNNING)

    assert services.request_recompute(actor=make_user("manager")) == hourly
    with pytest.raises(services.RunInProgress):
        services.compute_flow_metrics()
    with pytest.raises(CommandError, match=f"run {hourly.pk} is still waiting or computing"):
        call_command("flow_metrics", stdout=StringIO())
    assert list(FlowMetricRun.objects.values_list("pk", flat=True)) == [hourly.pk]


def test_a_run_left_computing_by_a_process_that_died_does_not_block_the_command() -> None:
    dead = FlowMetricRun.objects.create(status=RunStatus.RUNNING)
    FlowMetricRun.objects.filter(pk=dead.pk).update(created_at=timezone.now() - timedelta(hours=1))

    call_command("flow_metrics", stdout=StringIO())

    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED
    assert FlowMetricRun.objects.exclude(pk=dead.pk).get().status == RunStatus.DONE


def test_an_interrupted_computation_is_marked_failed_not_left_computing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted() -> list[dict[str, object]]:
        raise KeyboardInterrupt

    monkeypatch.setattr(services, "STEPS", [interrupted])

    with pytest.raises(KeyboardInterrupt):
        services.compute_flow_metrics()

    run = FlowMetricRun.objects.get()
    assert run.status == RunStatus.FAILED and "KeyboardInterrupt" in run.message
    monkeypatch.undo()
    assert services.compute_flow_metrics().status == RunStatus.DONE


def test_the_command_prints_a_summary_with_the_duration(chain: Chain) -> None:
    placed = data.order(chain)
    data.finish_stage(placed, "received", started=local(2025, 3, 3), took=2)
    out = StringIO()

    call_command("flow_metrics", stdout=out)

    text = out.getvalue()
    assert "1 finished stages" in text and " s." in text
    assert "stage       received" in text and "median=2.0h" in text
    assert FlowMetricRun.objects.get().status == RunStatus.DONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_steps_measured_side_by_side_give_the_figures_of_one_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    chain = build_chain()
    start = local(2025, 3, 3, 9)
    for took in (1, 4, 9):
        placed = data.order(chain)
        data.finish_stage(placed, "received", started=start, took=took, due_after=5)
        data.deliver(placed, ordered=start, delivered=start + hours(took * 10), requested=date(2025, 3, 5))
    data.purchase_order(chain.supplier, sent=start, received=start + hours(20), needed_by=date(2025, 3, 5))

    side_by_side = services.compute_flow_metrics()  # outside a transaction: lanes on PostgreSQL
    monkeypatch.setattr(services, "LANES", 1)
    one_lane = services.compute_flow_metrics()

    def snapshot(run: FlowMetricRun) -> list[tuple[object, ...]]:
        return list(
            FlowMetric.objects.filter(run=run)
            .order_by("dimension", "key")
            .values_list("dimension", "key", "count", "median_hours", "p90_hours", "on_time_rate")
        )

    assert snapshot(side_by_side) == snapshot(one_lane) and len(snapshot(one_lane)) == 8
    side_by_side.refresh_from_db()
    assert side_by_side.steps_done == side_by_side.steps_total == len(services.STEPS) + 1
