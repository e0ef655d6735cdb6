"""The measurements behind the flow figures: grouped durations and on-time counts.

Each function reads one kind of record (order stages, purchase orders, shipments), groups it in
the database and returns the rows of :class:`~catena.insights.models.FlowMetric` it yields. The
definitions are written out in ``docs/domains/insights.md``.

Counts and rates are one grouped query on every database. Percentiles are computed by
PostgreSQL (``percentile_cont``) when the database is PostgreSQL; elsewhere (SQLite, the
embedded default with small data) the durations are fetched and the same percentile is taken
in Python (:mod:`catena.insights.quantiles`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate, TruncWeek
from django.utils import timezone

from catena.accounts.models import Department
from catena.fulfilment.choices import ShipmentStatus, StageState
from catena.fulfilment.models import FlowStep, OrderStage, PurchaseOrder, Shipment, SupplierPromise
from catena.insights.choices import FlowDimension
from catena.insights.quantiles import PercentileCont, bytewise, percentile_cont, seconds_between
from catena.parties.models import Party

DELIVERED_STAGE = "delivered"  # the stage whose completion is the order's delivery
MEDIAN, P90 = 0.5, 0.9
Row = dict[str, Any]


@dataclass
class Figures:
    """What one group measured: durations in seconds, and the filtered counts asked for."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    mean: float | None = None
    counts: dict[str, int] = field(default_factory=dict)


def in_database() -> bool:
    """Whether percentiles are computed by the database (PostgreSQL) rather than in Python."""
    return connection.vendor == "postgresql"


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 4)


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def measure(
    queryset: QuerySet[Any], *, group: dict[str, Any], start: str, end: str, counts: dict[str, Q]
) -> dict[tuple[Any, ...], Figures]:
    """Per group (the values of the ``group`` expressions, in order): how many rows had both
    ``start`` and ``end``, the median, 90th percentile and mean of ``end - start`` in seconds,
    and for each of ``counts`` how many rows match its condition."""
    measured = Q(**{f"{start}__isnull": False, f"{end}__isnull": False})
    aggregates: dict[str, Any] = {"n": Count("pk", filter=measured)}
    aggregates.update({f"c_{name}": Count("pk", filter=condition) for name, condition in counts.items()})
    if in_database():
        duration = seconds_between(start, end)
        aggregates.update(
            p50=PercentileCont(duration, MEDIAN), p90=PercentileCont(duration, P90), mean=Avg(duration)
        )
    names = list(group)
    grouped = queryset.annotate(**group) if group else queryset
    if names:
        rows = list(grouped.values(*names).annotate(**aggregates).order_by())
    else:
        rows = [grouped.aggregate(**aggregates)]
    result: dict[tuple[Any, ...], Figures] = {}
    for row in rows:
        key = tuple(row[name] for name in names)
        result[key] = Figures(
            count=row["n"] or 0,
            median=row.get("p50"),
            p90=row.get("p90"),
            mean=row.get("mean"),
            counts={name: row[f"c_{name}"] or 0 for name in counts},
        )
    if not in_database():
        _percentiles_in_python(grouped.filter(measured), names, start, end, result)
    return result


def _percentiles_in_python(
    queryset: QuerySet[Any], names: list[str], start: str, end: str, result: dict[tuple[Any, ...], Figures]
) -> None:
    durations: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    for values in queryset.values_list(*names, start, end).order_by().iterator(chunk_size=5000):
        *key, began, ended = values
        durations[tuple(key)].append((ended - began).total_seconds())
    for key, seconds in durations.items():
        seconds.sort()
        figures = result.setdefault(key, Figures())
        figures.median = percentile_cont(seconds, MEDIAN)
        figures.p90 = percentile_cont(seconds, P90)
        figures.mean = sum(seconds) / len(seconds)


def _row(dimension: str, key: str, label: str, figures: Figures, **extra: Any) -> Row:
    return {
        "dimension": dimension,
        "key": key,
        "label": label[:200],
        "count": figures.count,
        "median_hours": hours(figures.median),
        "p90_hours": hours(figures.p90),
        "avg_hours": hours(figures.mean),
        **extra,
    }


def _on_time(figures: Figures) -> dict[str, Any]:
    base = figures.counts.get("due", 0)
    return {"on_time_rate": rate(figures.counts.get("on_time", 0), base), "on_time_base": base}


# --- order to delivery -------------------------------------------------------------------------


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _local_day(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _delivered_orders() -> tuple[QuerySet[OrderStage], dict[str, Any]]:
    delivered = OrderStage.objects.filter(
        code=DELIVERED_STAGE, state=StageState.DONE, completed_at__isnull=False
    ).annotate(delivered_on=TruncDate("completed_at"))
    counts = {
        "due": Q(order__requested_date__isnull=False),
        "on_time": Q(order__requested_date__isnull=False, delivered_on__lte=F("order__requested_date")),
    }
    return delivered, {"start": "order__ordered_at", "end": "completed_at", "counts": counts}


def order_to_delivery_overall() -> list[Row]:
    """Ordered → delivered of every delivered order. On time when delivered (local date) on or
    before the requested date."""
    delivered, span = _delivered_orders()
    return [
        _row(FlowDimension.OVERALL, "all", "", figures, **_on_time(figures))
        for figures in measure(delivered, group={}, **span).values()
        if figures.count
    ]


def order_to_delivery_by_type() -> list[Row]:
    delivered, span = _delivered_orders()
    figures_by_type = measure(delivered, group={"g_type": F("order__order_type")}, **span)
    return [
        _row(FlowDimension.ORDER_TYPE, order_type, order_type, figures, **_on_time(figures))
        for (order_type,), figures in sorted(figures_by_type.items())
    ]


def order_to_delivery_by_week() -> list[Row]:
    """Per ISO week of delivery (Monday to Sunday in the server's time zone)."""
    delivered, span = _delivered_orders()
    weeks = measure(delivered, group={"g_week": TruncWeek("completed_at")}, **span)
    rows = []
    for (week,), figures in sorted(weeks.items(), key=lambda item: item[0][0]):
        monday = _local_day(week)
        rows.append(
            _row(
                FlowDimension.WEEK,
                iso_week(monday),
                monday.isoformat(),
                figures,
                week_start=monday,
                **_on_time(figures),
            )
        )
    return rows


def order_to_delivery() -> list[Row]:
    """Ordered → delivered: overall, per order type and per week of delivery."""
    return [*order_to_delivery_overall(), *order_to_delivery_by_type(), *order_to_delivery_by_week()]


# --- stages and departments --------------------------------------------------------------------


def _finished_stages() -> QuerySet[OrderStage]:
    return OrderStage.objects.filter(state=StageState.DONE)


STAGE_COUNTS = {
    "due": Q(due_at__isnull=False),
    "on_time": Q(due_at__isnull=False, completed_at__lte=F("due_at")),
}


def stage_cycle_times() -> list[Row]:
    """Started → finished of every finished stage (skipped stages excluded), per stage code."""
    # the name a code has in a default template wins over other templates' names for it
    names = dict(FlowStep.objects.order_by("template__is_default", "-id").values_list("code", "name"))
    figures_by_code = measure(
        _finished_stages(),
        group={"g_code": bytewise(F("code"))},
        start="started_at",
        end="completed_at",
        counts=STAGE_COUNTS,
    )
    return [
        _row(FlowDimension.STAGE, code, names.get(code, code), figures, **_on_time(figures))
        for (code,), figures in sorted(figures_by_code.items())
    ]


def department_cycle_times() -> list[Row]:
    """The same durations grouped by the department owning each stage."""
    codes = dict(Department.objects.values_list("pk", "code"))
    figures_by_department = measure(
        _finished_stages(),
        group={"g_department": F("department_id")},
        start="started_at",
        end="completed_at",
        counts=STAGE_COUNTS,
    )
    rows = []
    for (department_id,), figures in figures_by_department.items():
        code = codes.get(department_id, str(department_id))
        rows.append(_row(FlowDimension.DEPARTMENT, code, code, figures, **_on_time(figures)))
    return sorted(rows, key=lambda row: row["key"])


# --- partners ----------------------------------------------------------------------------------


def _party_names(ids: set[int]) -> dict[int, str]:
    return dict(Party.objects.filter(pk__in=ids).values_list("pk", "name"))


def supplier_lead_times() -> list[Row]:
    """Sent → received of every received purchase order, per supplier. On time when received
    (local date) on or before the promised date, or the needed-by date without a promise.
    Promise-kept rate: kept promises over promises settled kept or broken."""
    received = PurchaseOrder.objects.filter(received_at__isnull=False).annotate(
        received_on=TruncDate("received_at")
    )
    counts = {
        "due": Q(pk__isnull=False),
        "on_time": Q(received_on__lte=Coalesce("promised_date", "needed_by")),
    }
    figures_by_supplier = measure(
        received, group={"g_supplier": F("supplier_id")}, start="sent_at", end="received_at", counts=counts
    )
    promises = {
        row["g_supplier"]: row
        for row in SupplierPromise.objects.filter(kept__isnull=False)
        .annotate(g_supplier=F("purchase_order__supplier_id"))
        .values("g_supplier")
        .annotate(resolved=Count("pk"), kept_count=Count("pk", filter=Q(kept=True)))
        .order_by()
    }
    supplier_ids = {key[0] for key in figures_by_supplier} | set(promises)
    names = _party_names(supplier_ids)
    rows = []
    for supplier_id in sorted(supplier_ids):
        figures = figures_by_supplier.get((supplier_id,), Figures())
        promise = promises.get(supplier_id, {"resolved": 0, "kept_count": 0})
        rows.append(
            _row(
                FlowDimension.SUPPLIER,
                str(supplier_id),
                names.get(supplier_id, ""),
                figures,
                party_id=supplier_id,
                promise_kept_rate=rate(promise["kept_count"], promise["resolved"]),
                promises_resolved=promise["resolved"],
                **_on_time(figures),
            )
        )
    return rows


def carrier_transit_times() -> list[Row]:
    """Picked up → delivered per carrier. On time when delivered by the promised delivery time;
    pick-up on time when picked up by the promised pick-up time (delivered or not yet)."""
    picked_up = Shipment.objects.exclude(status=ShipmentStatus.CANCELLED).filter(picked_up_at__isnull=False)
    delivered_with_promise = Q(delivered_at__isnull=False, promised_delivery_at__isnull=False)
    counts = {
        "due": delivered_with_promise,
        "on_time": delivered_with_promise & Q(delivered_at__lte=F("promised_delivery_at")),
        "pickup_due": Q(promised_pickup_at__isnull=False),
        "pickup_on_time": Q(promised_pickup_at__isnull=False, picked_up_at__lte=F("promised_pickup_at")),
    }
    figures_by_carrier = measure(
        picked_up,
        group={"g_carrier": F("carrier_id")},
        start="picked_up_at",
        end="delivered_at",
        counts=counts,
    )
    names = _party_names({key[0] for key in figures_by_carrier})
    rows = []
    for (carrier_id,), figures in sorted(figures_by_carrier.items()):
        pickup_base = figures.counts["pickup_due"]
        rows.append(
            _row(
                FlowDimension.CARRIER,
                str(carrier_id),
                names.get(carrier_id, ""),
                figures,
                party_id=carrier_id,
                pickup_on_time_rate=rate(figures.counts["pickup_on_time"], pickup_base),
                pickup_base=pickup_base,
                **_on_time(figures),
            )
        )
    return rows
