"""Use cases of the analytics engine: compute the flow figures as a new snapshot, ask for one.

A computation reads the order flow once per kind of figure (:mod:`catena.insights.flow_measures`),
then writes all its rows and marks the run done in one transaction, so readers see either the
previous snapshot or the complete new one. Progress is saved after each step, outside that
transaction, for the page that polls it.

On PostgreSQL the steps run on ``LANES`` connections at once (each is one big grouped query, and
PostgreSQL runs one query on one core); elsewhere, or inside a transaction whose rows other
connections could not see, one after the other.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from catena.accounts.models import User
from catena.core import access, events
from catena.insights import flow_measures
from catena.insights.choices import RUNNING_STATUSES, FlowDimension, RunStatus
from catena.insights.events import FlowMetricsComputed
from catena.insights.models import FlowMetric, FlowMetricRun
from catena.insights.quantiles import analytics_session
from catena.insights.selectors import flow as flow_selectors

logger = logging.getLogger(__name__)

KEEP_RUNS = 20  # finished snapshots kept; older ones are deleted with their figures
STALE_AFTER = timedelta(minutes=30)  # a run still "computing" after this is taken as abandoned

LANES = 2  # connections measuring at once on PostgreSQL
# the longest first, so that the lanes finish close together
STEPS: list[Callable[[], list[dict[str, Any]]]] = [
    flow_measures.department_cycle_times,
    flow_measures.stage_cycle_times,
    flow_measures.order_to_delivery_by_week,
    flow_measures.order_to_delivery_overall,
    flow_measures.order_to_delivery_by_type,
    flow_measures.carrier_transit_times,
    flow_measures.supplier_lead_times,
]
STEPS_TOTAL = len(STEPS) + 1  # and writing the snapshot


class RunInProgress(Exception):
    """Another computation is waiting or computing; only one runs at a time."""

    def __init__(self, run: FlowMetricRun) -> None:
        super().__init__(f"flow figures run {run.pk} is {run.status}")
        self.run = run


def _start_run(**fields: Any) -> tuple[FlowMetricRun, bool]:
    """``(new run, True)``, or ``(the run already waiting or computing, False)``.

    The database's ``flowrun_one_in_progress`` constraint decides, so that two people (or a person
    and the hourly schedule) asking at the same instant cannot both start one: on PostgreSQL the
    second insert waits for the first transaction to commit and is then refused. A run whose
    process died long ago does not count (:func:`abandon_stale_runs`)."""
    abandon_stale_runs()
    try:
        return _insert_run(fields), True
    except IntegrityError:
        current = flow_selectors.run_in_progress()
        if current is not None:
            return current, False
    # The run in the way finished between the refusal and the look; a second refusal is real.
    return _insert_run(fields), True


def _insert_run(fields: dict[str, Any]) -> FlowMetricRun:
    with transaction.atomic():  # a refusal rolls back to here, not the caller's transaction
        return FlowMetricRun.objects.create(steps_total=STEPS_TOTAL, **fields)


def compute_flow_metrics(run: FlowMetricRun | None = None, *, actor: User | None = None) -> FlowMetricRun:
    """Compute every flow figure now and store them as one snapshot.

    ``run`` is a run a worker has claimed (:func:`claim_run`); without it a new run is recorded,
    or :class:`RunInProgress` raised while another is waiting or computing.
    A failure marks the run failed with its message and is raised again.
    """
    if run is None:
        run, is_new = _start_run(requested_by=actor, status=RunStatus.RUNNING, started_at=timezone.now())
        if not is_new:
            raise RunInProgress(run)
    run.engine = connection.vendor
    run.steps_total = STEPS_TOTAL
    FlowMetricRun.objects.filter(pk=run.pk).update(engine=run.engine, steps_total=STEPS_TOTAL)
    clock = time.monotonic()
    try:
        rows = _measure_all(run)
        _store(run, rows, seconds=time.monotonic() - clock)
    except BaseException as exc:  # Ctrl+C or a stopping worker too: never leave it "computing"
        logger.exception("flow figures run %s failed", run.pk)
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.duration_seconds = round(time.monotonic() - clock, 3)
        run.message = f"{type(exc).__name__}: {exc}"[:2000]
        run.save(update_fields=["status", "finished_at", "duration_seconds", "message"])
        raise
    prune_runs()
    return run


def _measure_all(run: FlowMetricRun) -> list[dict[str, Any]]:
    """The rows of every step, in the order of ``STEPS``; progress saved as each finishes."""
    steps = list(STEPS)
    results: list[list[dict[str, Any]]] = [[] for _ in steps]

    def progress(done: int) -> None:
        FlowMetricRun.objects.filter(pk=run.pk).update(steps_done=done)

    if connection.vendor != "postgresql" or connection.in_atomic_block or LANES < 2:
        with analytics_session():
            for index, step in enumerate(steps):
                results[index] = step()
                progress(index + 1)
    else:
        with ThreadPoolExecutor(max_workers=LANES, thread_name_prefix="flow-figures") as pool:
            futures = {pool.submit(_in_own_connection, step): index for index, step in enumerate(steps)}
            for done, future in enumerate(as_completed(futures), 1):
                results[futures[future]] = future.result()
                progress(done)
    return [row for rows in results for row in rows]


def _in_own_connection(step: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    # A worker thread gets its own database connection; close it when the step is done.
    try:
        with analytics_session():
            return step()
    finally:
        connections.close_all()


@transaction.atomic
def _store(run: FlowMetricRun, rows: list[dict[str, Any]], *, seconds: float) -> None:
    FlowMetric.objects.bulk_create([FlowMetric(run=run, **row) for row in rows], batch_size=1000)

    def total(dimension: str) -> int:
        return sum(row["count"] for row in rows if row["dimension"] == dimension)

    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.steps_done = STEPS_TOTAL
    run.duration_seconds = round(seconds, 3)
    run.orders_measured = total(FlowDimension.OVERALL)
    run.stages_measured = total(FlowDimension.STAGE)
    run.purchase_orders_measured = total(FlowDimension.SUPPLIER)
    run.shipments_measured = total(FlowDimension.CARRIER)
    run.metric_count = len(rows)
    run.message = ""
    run.save()
    events.emit(
        FlowMetricsComputed(
            run=run.pk,
            seconds=run.duration_seconds,
            figures=run.metric_count,
            orders=run.orders_measured,
            stages=run.stages_measured,
        ),
        run,
        actor=run.requested_by,
    )


def claim_run(run_id: int) -> FlowMetricRun | None:
    """Take a waiting run for computing; None when it is gone or another worker has it already
    (a task delivered twice computes once)."""
    claimed = FlowMetricRun.objects.filter(pk=run_id, status=RunStatus.PENDING).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    return FlowMetricRun.objects.get(pk=run_id) if claimed else None


def abandon_stale_runs() -> None:
    cutoff = timezone.now() - STALE_AFTER
    FlowMetricRun.objects.filter(status__in=RUNNING_STATUSES, created_at__lt=cutoff).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), message="abandoned: no worker finished it"
    )


@transaction.atomic
def request_recompute(*, actor: User) -> FlowMetricRun:
    """Ask for a fresh snapshot (computed by a worker once this commits). While one is waiting or
    computing, that one is returned instead of starting a second."""
    access.ensure(actor, access.ADD, FlowMetricRun)
    run, is_new = _start_run(requested_by=actor)
    if not is_new:
        return run
    from catena.insights.tasks import compute_flow_metrics_task

    run_id = run.pk
    transaction.on_commit(lambda: compute_flow_metrics_task.delay(run_id))
    return run


def prune_runs(*, keep: int = KEEP_RUNS) -> int:
    """Delete finished runs (and their figures) beyond the newest ``keep``; return how many.
    The newest successful snapshot stays whatever failed after it."""
    finished = FlowMetricRun.objects.exclude(status__in=RUNNING_STATUSES).order_by("-created_at", "-id")
    latest_done = finished.filter(status=RunStatus.DONE).values_list("pk", flat=True).first()
    old = [pk for pk in finished.values_list("pk", flat=True)[keep:] if pk != latest_done]
    if not old:
        return 0
    FlowMetric.objects.filter(run_id__in=old).delete()
    FlowMetricRun.objects.filter(pk__in=old).delete()
    return len(old)
