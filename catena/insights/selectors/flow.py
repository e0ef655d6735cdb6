"""Reads behind the flow analytics page and API: the latest snapshot of flow figures, and the
live board of where orders are now (read from the active stages, not from the snapshot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.choices import DepartmentCode
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import FlowStep, OrderStage
from catena.insights.choices import RUNNING_STATUSES, FlowDimension, RunStatus
from catena.insights.models import FlowMetric, FlowMetricRun
from catena.sales.choices import OrderStatus, OrderType

TREND_WEEKS = 26
PARTNER_SORTS = frozenset(
    {"label", "count", "median_hours", "p90_hours", "avg_hours", "on_time_rate", "promise_kept_rate", "pickup_on_time_rate"}
)  # fmt: skip
DEFAULT_PARTNER_SORT = "-count"


# --- the snapshot --------------------------------------------------------------------------------


def latest_run() -> FlowMetricRun | None:
    """The newest finished snapshot, the one every page and endpoint shows."""
    return (
        FlowMetricRun.objects.filter(status=RunStatus.DONE)
        .select_related("requested_by")
        .order_by("-finished_at", "-id")
        .first()
    )


def run_in_progress() -> FlowMetricRun | None:
    return FlowMetricRun.objects.filter(status__in=RUNNING_STATUSES).order_by("-created_at", "-id").first()


def flow_metrics(run: FlowMetricRun | None, dimension: str | None = None) -> QuerySet[FlowMetric]:
    """The figures of ``run`` (of one dimension if given); none without a run."""
    if run is None:
        return FlowMetric.objects.none()
    rows = FlowMetric.objects.filter(run=run)
    return rows.filter(dimension=dimension) if dimension else rows


def display_label(metric: FlowMetric) -> str:
    """The row's name in the reader's language: codes of departments and order types are
    translated, and so are the stage names of the default flows (fulfilment.labels; a name an
    administrator typed stays as typed); partner and week labels are shown as stored."""
    if metric.dimension == FlowDimension.DEPARTMENT and metric.key in DepartmentCode.values:
        return str(DepartmentCode(metric.key).label)
    if metric.dimension == FlowDimension.ORDER_TYPE and metric.key in OrderType.values:
        return str(OrderType(metric.key).label)
    if metric.dimension == FlowDimension.OVERALL:
        return str(FlowDimension.OVERALL.label)
    if metric.dimension == FlowDimension.STAGE:
        return _(metric.label or metric.key)
    return metric.label or metric.key


def stage_sequence() -> dict[str, int]:
    """Where each stage code comes in the flows (its smallest position in any template)."""
    return dict(FlowStep.objects.values("code").annotate(first=Min("sequence")).values_list("code", "first"))


def _flow_position(order: dict[str, int], code: str) -> tuple[int, str]:
    return order.get(code, 10**6), code  # a stage no template has any more comes last


def _by_flow_order(rows: list[FlowMetric], order: dict[str, int]) -> list[FlowMetric]:
    return sorted(rows, key=lambda m: _flow_position(order, m.key))


def partner_metrics(
    run: FlowMetricRun | None, dimension: str, *, sort: str = DEFAULT_PARTNER_SORT
) -> QuerySet[FlowMetric]:
    """Supplier or carrier rows sorted by ``sort`` (a figure, ``-`` for descending; empty last)."""
    name = sort.lstrip("-")
    if name not in PARTNER_SORTS:
        name, sort = DEFAULT_PARTNER_SORT.lstrip("-"), DEFAULT_PARTNER_SORT
    column = F(name)
    ordering = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
    return flow_metrics(run, dimension).order_by(ordering, "label", "key")


@dataclass
class FlowOverview:
    """Everything the flow page draws from one snapshot."""

    run: FlowMetricRun | None
    overall: FlowMetric | None = None
    order_types: list[FlowMetric] = field(default_factory=list)
    weeks: list[FlowMetric] = field(default_factory=list)
    stages: list[FlowMetric] = field(default_factory=list)
    departments: list[FlowMetric] = field(default_factory=list)
    supplier_count: int = 0
    carrier_count: int = 0

    @property
    def has_figures(self) -> bool:
        return bool(self.overall or self.stages or self.supplier_count or self.carrier_count)


def flow_overview(*, weeks: int = TREND_WEEKS, stage_order: dict[str, int] | None = None) -> FlowOverview:
    """The latest snapshot's figures for the flow page; ``stage_order`` is
    :func:`stage_sequence` when the caller has read it already."""
    run = latest_run()
    overview = FlowOverview(run=run)
    if run is None:
        return overview
    by_dimension: dict[str, list[FlowMetric]] = {}
    small = [d for d in FlowDimension.values if d not in (FlowDimension.SUPPLIER, FlowDimension.CARRIER)]
    for metric in flow_metrics(run).filter(dimension__in=small):
        by_dimension.setdefault(metric.dimension, []).append(metric)
    overview.overall = next(iter(by_dimension.get(FlowDimension.OVERALL, [])), None)
    overview.order_types = by_dimension.get(FlowDimension.ORDER_TYPE, [])
    overview.weeks = sorted(by_dimension.get(FlowDimension.WEEK, []), key=lambda m: m.key)[-weeks:]
    overview.stages = _by_flow_order(
        by_dimension.get(FlowDimension.STAGE, []),
        stage_sequence() if stage_order is None else stage_order,
    )
    overview.departments = sorted(by_dimension.get(FlowDimension.DEPARTMENT, []), key=lambda m: -m.count)
    partners = dict(
        flow_metrics(run)
        .filter(dimension__in=[FlowDimension.SUPPLIER, FlowDimension.CARRIER])
        .values("dimension")
        .annotate(n=Count("pk"))
        .values_list("dimension", "n")
    )
    overview.supplier_count = partners.get(FlowDimension.SUPPLIER, 0)
    overview.carrier_count = partners.get(FlowDimension.CARRIER, 0)
    return overview


# --- where orders are now (live) -------------------------------------------------------------


@dataclass
class StuckRow:
    """Orders waiting in one stage (or in one department's stages) right now."""

    key: str
    label: str
    department: str = ""
    count: int = 0
    late: int = 0
    oldest_since: datetime | None = None

    @property
    def oldest_hours(self) -> float | None:
        if self.oldest_since is None:
            return None
        return (timezone.now() - self.oldest_since) / timedelta(hours=1)


@dataclass
class StuckBoard:
    at: datetime
    stages: list[StuckRow]
    departments: list[StuckRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.stages)

    @property
    def late(self) -> int:
        return sum(row.late for row in self.stages)


def active_stages() -> QuerySet[OrderStage]:
    """The stage each moving, held or back-ordered order is in now (cancelled orders excluded)."""
    return OrderStage.objects.filter(state=StageState.ACTIVE).exclude(order__status=OrderStatus.CANCELLED)


def stuck_board(*, now: datetime | None = None, stage_order: dict[str, int] | None = None) -> StuckBoard:
    """Active stages counted per stage and per department: how many, how many past due, and
    since when the longest-waiting one has been there. One grouped query over active stages
    (and one for :func:`stage_sequence` unless given as ``stage_order``)."""
    now = now or timezone.now()
    rows = (
        active_stages()
        .values("code", "department__code")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(due_at__lt=now)),
            oldest=Min("started_at"),
            name=Min("name"),
        )
        .order_by()
    )
    order = stage_sequence() if stage_order is None else stage_order
    stages: dict[str, StuckRow] = {}
    departments: dict[str, StuckRow] = {}
    for row in rows:
        department = row["department__code"] or ""
        stage = stages.setdefault(
            row["code"], StuckRow(key=row["code"], label=_(row["name"]), department=department)
        )
        team = departments.setdefault(
            department,
            StuckRow(
                key=department,
                label=str(DepartmentCode(department).label)
                if department in DepartmentCode.values
                else department,
            ),
        )
        for target in (stage, team):
            target.count += row["n"]
            target.late += row["late"]
            if row["oldest"] is not None and (
                target.oldest_since is None or row["oldest"] < target.oldest_since
            ):
                target.oldest_since = row["oldest"]
    return StuckBoard(
        at=now,
        stages=sorted(stages.values(), key=lambda r: _flow_position(order, r.key)),
        departments=sorted(departments.values(), key=lambda r: (-r.count, r.key)),
    )


def stuck_orders(
    *, stage: str = "", department: str = "", late_only: bool = False, now: datetime | None = None
) -> QuerySet[OrderStage]:
    """The active stages behind one cell of the board, most overdue first."""
    rows = active_stages()
    if stage:
        rows = rows.filter(code=stage)
    if department:
        rows = rows.filter(department__code=department)
    if late_only:
        rows = rows.filter(due_at__lt=now or timezone.now())
    return rows.select_related("order", "order__customer", "department", "owner").order_by(
        F("due_at").asc(nulls_last=True), "order_id"
    )
