"""The service desk's figures over a period: how fast we answer and resolve (median and 90th
percentile in business hours), how often we miss the SLA, the backlog and its age, reopened
cases, complaints per 1,000 orders by root cause, per carrier, per supplier and per product,
how fast partners answer, and the share of promises kept.

Every figure is read through the access gate (the cases ``user`` may see) and computed with a
handful of aggregate queries; medians and percentiles come from the business minutes each clock
kept when it stopped (``SlaClock.used_minutes``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catena.core import access
from catena.core.models import Event
from catena.core.quantiles import percentile_cont
from catena.fulfilment.models import Shipment
from catena.sales.models import SalesOrder
from catena.service.choices import (
    ACTIVE_STATUSES,
    PROMISE_SETTLED,
    CaseType,
    PartnerOutcome,
    PromiseStatus,
    RootCause,
)
from catena.service.models import Case, PartnerTask, Promise, SlaClock, SlaTarget

COMPLAINT_TYPES = (CaseType.COMPLAINT, CaseType.CLAIM)
AGE_BUCKETS = ((0, 1), (1, 3), (3, 7), (7, 30), (30, None))  # days
TOP = 10


def percentile(values: list[int], share: float) -> int | None:
    """The percentile of business minutes as the flow analytics take it (``percentile_cont``),
    rounded to the minute."""
    found = percentile_cont(sorted(values), share)
    return None if found is None else round(found)


@dataclass(frozen=True)
class Timing:
    """How long a kind of clock took: count, median and 90th percentile in business minutes, and
    the share met in time."""

    count: int
    median: int | None
    p90: int | None
    met_rate: float | None

    @property
    def median_hours(self) -> float | None:
        return None if self.median is None else round(self.median / 60, 1)

    @property
    def p90_hours(self) -> float | None:
        return None if self.p90 is None else round(self.p90 / 60, 1)


@dataclass(frozen=True)
class Rate:
    """A count per 1,000 of something (orders, shipments), with what it links to."""

    key: Any
    label: str
    count: int
    per_thousand: float | None


@dataclass
class ServiceFigures:
    start: date
    end: date
    opened: int = 0
    resolved: int = 0
    first_response: Timing = Timing(0, None, None, None)
    resolution: Timing = Timing(0, None, None, None)
    breached_now: int = 0
    breach_rate: float | None = None
    backlog: list[tuple[str, int]] = field(default_factory=list)  # (bucket label key, count)
    reopened: int = 0
    reopen_rate: float | None = None
    orders: int = 0
    by_root_cause: list[Rate] = field(default_factory=list)
    by_carrier: list[Rate] = field(default_factory=list)
    by_product: list[Rate] = field(default_factory=list)
    by_supplier: list[dict[str, Any]] = field(default_factory=list)
    partner_response: list[dict[str, Any]] = field(default_factory=list)
    months: list[dict[str, Any]] = field(default_factory=list)
    promises_kept: int = 0
    promises_settled: int = 0
    days_selected: int = 30

    @property
    def promise_rate(self) -> float | None:
        return self.promises_kept / self.promises_settled if self.promises_settled else None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _timing(clocks: QuerySet[SlaClock]) -> Timing:
    rows = list(clocks.values_list("used_minutes", "stopped_at", "due_at", "breached_at"))
    minutes = [used for used, *_rest in rows if used is not None]
    met = sum(1 for _used, stopped, due, breached in rows if breached is None and _in_time(stopped, due))
    return Timing(
        count=len(rows),
        median=percentile(minutes, 0.5),
        p90=percentile(minutes, 0.9),
        met_rate=met / len(rows) if rows else None,
    )


def _in_time(stopped: datetime | None, due: datetime | None) -> bool:
    return due is None or (stopped is not None and stopped <= due)


def _per_thousand(count: int, base: int) -> float | None:
    return round(count * 1000 / base, 1) if base else None


def figures(user: Any, start: date, end: date) -> ServiceFigures:
    """The figures of the cases ``user`` may see, opened, answered or resolved from ``start`` to
    ``end`` (both days included, in the current time zone)."""
    low, high = _bounds(start, end)
    result = ServiceFigures(start=start, end=end)
    cases = Case.objects.for_user(user, access.VIEW)
    in_period = cases.filter(created_at__gte=low, created_at__lt=high)
    result.opened = in_period.count()
    result.resolved = cases.filter(resolved_at__gte=low, resolved_at__lt=high).count()

    case_type = ContentType.objects.get_for_model(Case)
    visible = cases.values("pk")
    stopped = SlaClock.objects.filter(
        content_type=case_type, object_id__in=visible, stopped_at__gte=low, stopped_at__lt=high
    )
    result.first_response = _timing(stopped.filter(kind=SlaTarget.FIRST_RESPONSE))
    result.resolution = _timing(stopped.filter(kind=SlaTarget.RESOLUTION))
    late = stopped.filter(Q(breached_at__isnull=False) | Q(stopped_at__gt=F("due_at"))).count()
    total = stopped.count()
    now = timezone.now()
    result.breached_now = cases.filter(status__in=ACTIVE_STATUSES, sla_due_at__lte=now).count()
    result.breach_rate = late / total if total else None

    result.backlog = _backlog(cases, now)
    _reopens(result, cases, low, high)
    _complaints(result, in_period, low, high)
    result.partner_response = _partner_response(user, low, high)
    result.months = _months(cases, end)
    settled = Promise.objects.for_user(user, access.VIEW).filter(
        status__in=PROMISE_SETTLED, due_at__gte=low, due_at__lt=high
    )
    result.promises_settled = settled.count()
    result.promises_kept = settled.filter(status=PromiseStatus.KEPT).count()
    return result


def _backlog(cases: QuerySet[Case], now: datetime) -> list[tuple[str, int]]:
    active = cases.filter(status__in=ACTIVE_STATUSES)
    buckets = []
    for low_days, high_days in AGE_BUCKETS:
        found = active.filter(created_at__lte=now - timedelta(days=low_days))
        if high_days is not None:
            found = found.filter(created_at__gt=now - timedelta(days=high_days))
        key = f"{low_days}-{high_days}" if high_days is not None else f"{low_days}+"
        buckets.append((key, found.count()))
    return buckets


def _reopens(result: ServiceFigures, cases: QuerySet[Case], low: datetime, high: datetime) -> None:
    moves = Event.objects.filter(
        name="case.status_changed", subject_type="service.case", occurred_at__gte=low, occurred_at__lt=high
    )
    reopened_ids = {
        int(subject)
        for subject, moved_from, moved_to in moves.values_list("subject_id", "payload__from", "payload__to")
        if moved_to == "open" and moved_from in ("resolved", "closed")
    }
    if reopened_ids:
        reopened_ids = set(cases.filter(pk__in=reopened_ids).values_list("pk", flat=True))
    result.reopened = len(reopened_ids)
    result.reopen_rate = len(reopened_ids) / result.resolved if result.resolved else None


def _complaints(result: ServiceFigures, in_period: QuerySet[Case], low: datetime, high: datetime) -> None:
    complaints = in_period.filter(case_type__in=COMPLAINT_TYPES)
    result.orders = SalesOrder.objects.filter(created_at__gte=low, created_at__lt=high).count()
    causes = dict(complaints.values_list("root_cause").annotate(n=Count("pk")).values_list("root_cause", "n"))
    labels = dict(RootCause.choices)
    result.by_root_cause = [
        Rate(
            code or "open",
            str(labels.get(code, "")) if code else "",
            count,
            _per_thousand(count, result.orders),
        )
        for code, count in sorted(causes.items(), key=lambda item: -item[1])
    ]

    carriers = (
        complaints.filter(shipment__isnull=False)
        .values_list("shipment__carrier_id", "shipment__carrier__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:TOP]
    )
    carrier_ids = [row[0] for row in carriers]
    shipped = dict(
        Shipment.objects.filter(carrier_id__in=carrier_ids, created_at__gte=low, created_at__lt=high)
        .values_list("carrier_id")
        .annotate(n=Count("pk"))
        .values_list("carrier_id", "n")
    )
    result.by_carrier = [
        Rate(pk, name, count, _per_thousand(count, shipped.get(pk, 0))) for pk, name, count in carriers
    ]

    products: Counter[tuple[int, str]] = Counter()
    for pk, name, line_pk, line_name in complaints.values_list(
        "product_id", "product__name", "order_line__product_id", "order_line__product__name"
    ):
        if pk or line_pk:
            products[(pk or line_pk, name or line_name)] += 1
    result.by_product = [Rate(pk, name, count, None) for (pk, name), count in products.most_common(TOP)]

    tasks = PartnerTask.objects.filter(
        case__in=complaints.values("pk"), partner_role__in=("supplier", "manufacturer")
    )
    per_supplier: dict[int, dict[str, Any]] = {}
    for partner_id, name, outcome in tasks.values_list("partner_id", "partner__name", "outcome"):
        row = per_supplier.setdefault(
            partner_id, {"id": partner_id, "name": name, "tasks": 0, "responsible": 0}
        )
        row["tasks"] += 1
        row["responsible"] += outcome in (PartnerOutcome.RESPONSIBLE, PartnerOutcome.SHARED)
    result.by_supplier = sorted(per_supplier.values(), key=lambda row: (-row["responsible"], -row["tasks"]))[
        :TOP
    ]


def _partner_response(user: Any, low: datetime, high: datetime) -> list[dict[str, Any]]:
    """Per partner: tasks answered in the period, median answer time in business hours, share on
    time."""
    task_type = ContentType.objects.get_for_model(PartnerTask)
    visible = PartnerTask.objects.for_user(user, access.VIEW)
    clocks = SlaClock.objects.filter(
        content_type=task_type, stopped_at__gte=low, stopped_at__lt=high, object_id__in=visible.values("pk")
    ).values_list("object_id", "used_minutes", "stopped_at", "due_at")
    rows = list(clocks)
    partner_of = dict(visible.filter(pk__in=[row[0] for row in rows]).values_list("pk", "partner_id"))
    names = dict(visible.filter(pk__in=partner_of).values_list("partner_id", "partner__name"))
    grouped: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for task_id, used, stopped, due in rows:
        partner = partner_of.get(task_id)
        if partner is not None and used is not None:
            grouped[partner].append((used, _in_time(stopped, due)))
    answer: list[dict[str, Any]] = [
        {
            "id": partner,
            "name": names.get(partner, ""),
            "answered": len(values),
            "median_hours": round((percentile([v for v, _ok in values], 0.5) or 0) / 60, 1),
            "on_time_rate": sum(ok for _v, ok in values) / len(values),
        }
        for partner, values in grouped.items()
    ]
    return sorted(answer, key=lambda row: (row["on_time_rate"], -row["answered"]))[:TOP]


def _months(cases: QuerySet[Case], end: date, count: int = 12) -> list[dict[str, Any]]:
    """Cases opened and resolved per month for the twelve months up to ``end``."""
    first = (end.replace(day=1) - timedelta(days=366)).replace(day=1)
    low, high = _bounds(first, end)
    opened = dict(
        cases.filter(created_at__gte=low, created_at__lt=high)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    resolved = dict(
        cases.filter(resolved_at__gte=low, resolved_at__lt=high)
        .annotate(month=TruncMonth("resolved_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )

    def by_month(found: dict[Any, int]) -> dict[str, int]:
        return {f"{moment:%Y-%m}": n for moment, n in found.items() if moment is not None}

    opened_by, resolved_by = by_month(opened), by_month(resolved)
    months: list[dict[str, Any]] = []
    cursor = first
    while cursor <= end:
        key = f"{cursor:%Y-%m}"
        months.append({"month": key, "opened": opened_by.get(key, 0), "resolved": resolved_by.get(key, 0)})
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months[-count:]
