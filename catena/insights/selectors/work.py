"""Reads behind the home page's role panels: what the signed-in user's role acts on.

Sales: the pipeline by stage, the weighted forecast, quotes waiting for the customer, the user's
orders at risk. Operations (purchasing, logistics, service): stages waiting and late by
department, late supplier promises, carrier exceptions. Managers and administrators: revenue and
on-time trend, and the others. Every read starts from the gate (``for_user``), and each panel is
a fixed number of grouped queries whatever the data's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catena.accounts import roles
from catena.accounts.choices import DepartmentCode, Role
from catena.core import access
from catena.core.money import quantize
from catena.fulfilment.choices import OPEN_PO_STATUSES, ShipmentStatus, StageState
from catena.fulfilment.models import OrderStage, PurchaseOrder, Shipment
from catena.insights.choices import FlowDimension
from catena.insights.selectors import flow as flow_selectors
from catena.sales.choices import ACTIVE_STATUSES, OrderStatus, QuoteStatus
from catena.sales.models import Opportunity, PipelineStep, Quote, SalesOrder

SALES_ROLES = frozenset({Role.SALES})
OPERATIONS_ROLES = frozenset({Role.PURCHASING, Role.LOGISTICS, Role.SERVICE})
MANAGING_ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
LIST_LIMIT = 6
PARTNER_LIMIT = 8
TREND_MONTHS = 12


@dataclass(frozen=True)
class Panels:
    """Which panels the home page shows a role."""

    sales: bool = False
    operations: bool = False
    management: bool = False

    @property
    def any(self) -> bool:
        return self.sales or self.operations or self.management


def panels_for(user: Any) -> Panels:
    role = roles.role_of(user)
    managing = role in MANAGING_ROLES
    return Panels(
        sales=managing or role in SALES_ROLES,
        operations=managing or role in OPERATIONS_ROLES,
        management=managing,
    )


# --- sales --------------------------------------------------------------------------------------


@dataclass
class StageRow:
    code: str
    label: str
    count: int = 0
    amounts: dict[str, Decimal] = field(default_factory=dict)


def pipeline_by_stage(user: Any) -> list[StageRow]:
    """Open deals per open stage (every active stage listed, zeros included): count and amount
    per currency. Two queries."""
    steps = [s for s in PipelineStep.objects.filter(is_active=True) if not s.is_closed]
    rows = {s.pk: StageRow(code=s.code, label=str(s.display_name)) for s in steps}
    grouped = (
        Opportunity.objects.for_user(user, "view")
        .open()
        .filter(step__in=steps)
        .order_by()
        .values("step_id", "currency")
        .annotate(n=Count("id"), total=Sum("amount"))
    )
    for row in grouped:
        stage = rows[row["step_id"]]
        stage.count += row["n"]
        stage.amounts[row["currency"]] = quantize(row["total"] or 0)
    return [rows[s.pk] for s in steps]


def weighted_forecast(user: Any, *, months: int = 6) -> list[dict[str, Any]]:
    """Amount × probability of open deals per month of expected close, per currency, from this
    month on (earlier, overdue closes count in this month). One query."""
    this_month = timezone.localdate().replace(day=1)
    weighted = ExpressionWrapper(F("amount") * F("probability") / 100, output_field=DecimalField())
    grouped = (
        Opportunity.objects.for_user(user, "view")
        .open()
        .order_by()
        .annotate(month=TruncMonth("expected_close"))
        .values("month", "currency")
        .annotate(n=Count("id"), w=Sum(weighted))
    )
    keys = [_add_months(this_month, i) for i in range(months)]
    table: dict[date, dict[str, Any]] = {
        m: {"month": m.strftime("%Y-%m"), "count": 0, "amounts": {}} for m in keys
    }
    for row in grouped:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        slot = table.get(max(month, this_month)) if month is not None else None
        if slot is None:
            continue
        slot["count"] += row["n"]
        slot["amounts"][row["currency"]] = quantize(slot["amounts"].get(row["currency"], 0) + (row["w"] or 0))
    return [table[m] for m in keys]


def quotes_awaiting_answer(user: Any) -> tuple[int, list[Quote]]:
    """Sent quotes (the current version) the customer has not answered, those expiring first."""
    quotes = Quote.objects.for_user(user, "view").current().filter(status=QuoteStatus.SENT)
    listed = list(
        quotes.select_related("customer").order_by(F("valid_until").asc(nulls_last=True), "id")[:LIST_LIMIT]
    )
    return quotes.count(), listed


def orders_at_risk(user: Any) -> tuple[int, list[SalesOrder]]:
    """The user's own active orders whose current stage is past due, or held or back-ordered,
    most overdue first. Each carries ``late_since`` (the late stage's due time) and ``stage_name``."""
    now = timezone.now()
    late_stage = OrderStage.objects.filter(state=StageState.ACTIVE, due_at__lt=now)
    risky = (
        SalesOrder.objects.for_user(user, "view")
        .filter(owner_id=user.pk, status__in=ACTIVE_STATUSES)
        .filter(
            Q(pk__in=late_stage.values("order_id"))
            | Q(status__in=[OrderStatus.ON_HOLD, OrderStatus.BACK_ORDERED])
        )
    )
    listed = list(risky.select_related("customer").order_by("stage_entered_at", "id")[:LIST_LIMIT])
    count = risky.count()
    stages = {
        s.order_id: s
        for s in OrderStage.objects.filter(order__in=[o.pk for o in listed], state=StageState.ACTIVE).only(
            "order_id", "name", "due_at"
        )
    }
    for order in listed:
        stage = stages.get(order.pk)
        order.stage_label = stage.name if stage else order.stage  # type: ignore[attr-defined]
        order.is_late = bool(stage and stage.due_at and stage.due_at < now)  # type: ignore[attr-defined]
    return count, listed


# --- operations ---------------------------------------------------------------------------------


def stages_by_department(user: Any) -> list[dict[str, Any]]:
    """Active stages of the orders ``user`` may see, per department: waiting on time and late.
    One query."""
    now = timezone.now()
    visible = SalesOrder.objects.for_user(user, "view").exclude(status=OrderStatus.CANCELLED)
    grouped = (
        OrderStage.objects.filter(state=StageState.ACTIVE, order__in=visible.values("pk"))
        .order_by()
        .values("department__code")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now)))
    )
    rows = []
    for row in grouped:
        code = row["department__code"] or ""
        label = str(DepartmentCode(code).label) if code in DepartmentCode.values else code
        rows.append({"code": code, "label": label, "waiting": row["n"] - row["late"], "late": row["late"]})
    return sorted(rows, key=lambda r: (-(r["waiting"] + r["late"]), r["code"]))


def late_supplier_promises(user: Any) -> tuple[int, list[dict[str, Any]]]:
    """Open purchase orders past their promised date (or, unanswered, their needed-by date), per
    supplier, most first. Counts only: what a purchase order costs is for cost readers."""
    today = timezone.localdate()
    late = PurchaseOrder.objects.for_user(user, "view").filter(
        Q(promised_date__lt=today) | Q(promised_date__isnull=True, needed_by__lt=today),
        status__in=OPEN_PO_STATUSES,
    )
    grouped = list(
        late.order_by()
        .values("supplier_id", "supplier__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "supplier__name")
    )
    rows = [{"id": r["supplier_id"], "label": r["supplier__name"], "value": r["n"]} for r in grouped]
    return sum(r["value"] for r in rows), rows[:PARTNER_LIMIT]


def carrier_exceptions(user: Any) -> tuple[int, list[dict[str, Any]]]:
    """Shipments in exception, per carrier, most first."""
    grouped = list(
        Shipment.objects.for_user(user, "view")
        .filter(status=ShipmentStatus.EXCEPTION)
        .order_by()
        .values("carrier_id", "carrier__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "carrier__name")
    )
    rows = [{"id": r["carrier_id"], "label": r["carrier__name"], "value": r["n"]} for r in grouped]
    return sum(r["value"] for r in rows), rows[:PARTNER_LIMIT]


# --- management ---------------------------------------------------------------------------------


def revenue_by_month(user: Any, *, months: int = TREND_MONTHS) -> list[dict[str, Any]]:
    """Net order value per month of ordering (cancelled orders left out), per currency, for the
    last ``months`` months including this one. One query."""
    this_month = timezone.localdate().replace(day=1)
    first = _add_months(this_month, -(months - 1))
    grouped = (
        SalesOrder.objects.for_user(user, "view")
        .exclude(status=OrderStatus.CANCELLED)
        .filter(ordered_at__date__gte=first)
        .order_by()
        .annotate(month=TruncMonth("ordered_at"))
        .values("month", "currency")
        .annotate(n=Count("pk"), total=Sum("total_net"))
    )
    keys = [_add_months(first, i) for i in range(months)]
    table: dict[date, dict[str, Any]] = {
        m: {"month": m.strftime("%Y-%m"), "count": 0, "amounts": {}, "partial": m == this_month} for m in keys
    }
    for row in grouped:
        month = row["month"]
        month = timezone.localtime(month).date().replace(day=1) if timezone.is_aware(month) else month.date()
        slot = table.get(month)
        if slot is None:
            continue
        slot["count"] += row["n"]
        slot["amounts"][row["currency"]] = quantize(
            slot["amounts"].get(row["currency"], 0) + (row["total"] or 0)
        )
    return [table[m] for m in keys]


def on_time_by_month(user: Any) -> list[dict[str, Any]]:
    """Share of orders delivered on time per month, from the latest flow figures (weekly rows
    weighted by their delivered orders). Empty for a user who may not read the flow figures."""
    run = flow_selectors.latest_run()
    if run is None:
        return []
    weeks = access.restrict(flow_selectors.flow_metrics(run, FlowDimension.WEEK), user, access.VIEW)
    months: dict[str, list[float]] = {}
    for metric in weeks:
        if metric.week_start is None or metric.on_time_rate is None or not metric.count:
            continue
        slot = months.setdefault(metric.week_start.strftime("%Y-%m"), [0.0, 0.0])
        slot[0] += metric.on_time_rate * metric.count
        slot[1] += metric.count
    return [
        {"month": month, "rate": round(total / count, 3), "count": int(count)}
        for month, (total, count) in sorted(months.items())
    ][-TREND_MONTHS:]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_is_partial(monday: date, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return monday <= today < monday + timedelta(days=7)
