"""Reads of cases for pages and the API, always through the access gate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from catena.core import access
from catena.core.history import HistoryEntry, history_entries
from catena.service.choices import PartnerTaskStatus
from catena.service.models import (
    Case,
    CaseMessage,
    CaseQuerySet,
    PartnerTask,
    Promise,
    SlaClock,
    SlaClockState,
)
from catena.service.services.clocks import case_clocks
from catena.workspace.models import Attachment

LIST_COLUMNS = ("party", "owner", "team")


def case_list(
    user: Any,
    *,
    q: str = "",
    status: str = "",
    case_type: str = "",
    owner: int | None = None,
    mine: bool = False,
    party: int | None = None,
    active: bool = False,
    sla: str = "",
    drill: dict[str, Any] | None = None,
    team: int | None = None,
) -> QuerySet[Case]:
    """The queue: the cases ``user`` may see, filtered, the most pressing SLA first, then the
    most urgent and the oldest. ``status`` ``"active"`` keeps the cases still being worked;
    ``sla`` ``"breached"`` keeps those past a running SLA target."""
    found = Case.objects.for_user(user, access.VIEW).select_related(*LIST_COLUMNS)
    if status == "active" or active:
        found = found.active()
    elif status:
        found = found.filter(status=status)
    if case_type:
        found = found.filter(case_type=case_type)
    if mine:
        found = found.filter(owner_id=getattr(user, "pk", None))
    elif owner:
        found = found.filter(owner_id=owner)
    if party:
        found = found.filter(party_id=party)
    if team:
        found = found.filter(team_id=team)
    if sla == "breached":
        found = found.active().filter(sla_due_at__lte=timezone.now())
    if drill:
        found = drilled(found, **drill)
    q = q.strip()
    if q:
        found = found.filter(
            Q(number__iexact=q)
            | Q(number__endswith=q)
            | Q(subject__icontains=q)
            | Q(party__name__icontains=q)
        )
    return found.queue_order()


def drilled(
    found: CaseQuerySet,
    *,
    root_cause: str = "",
    carrier: int | None = None,
    product: int | None = None,
    since: date | None = None,
    until: date | None = None,
    complaints: bool = False,
) -> CaseQuerySet:
    """The cases behind one figure of the service analytics."""
    zone = timezone.get_current_timezone()
    if complaints:
        found = found.filter(case_type__in=("complaint", "claim"))
    if root_cause:
        found = found.filter(root_cause="" if root_cause == "open" else root_cause)
    if carrier:
        found = found.filter(shipment__carrier_id=carrier)
    if product:
        found = found.filter(Q(product_id=product) | Q(product__isnull=True, order_line__product_id=product))
    if since:
        found = found.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        found = found.filter(
            created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    return found


def visible_case(user: Any, pk: int) -> Case | None:
    """The case ``pk`` with what its page shows, or None when ``user`` may not see it."""
    return (
        Case.objects.for_user(user, access.VIEW)
        .select_related(
            "party", "contact", "owner", "team", "order", "order_line", "shipment", "purchase_order",
            "product", "merged_into", "created_by",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip


def conversation(user: Any, case: Case) -> QuerySet[CaseMessage]:
    """The case's messages ``user`` may read, oldest first (a customer never gets the notes)."""
    return case.messages.for_user(user, access.VIEW).select_related("author", "merged_from")


def merge_candidates(user: Any, case: Case) -> QuerySet[Case]:
    """The same customer's other unmerged cases ``user`` may change: where a duplicate may go."""
    return (
        Case.objects.for_user(user, access.CHANGE)
        .filter(party_id=case.party_id, merged_into__isnull=True)
        .exclude(pk=case.pk)
        .order_by("-created_at")[:50]
    )


def case_history(case: Case, limit: int = 30) -> list[HistoryEntry]:
    return history_entries(
        [case.history.all()],
        limit=limit,
        skip=("version", "priority_rank", "status_changed_at", "resolved_at", "closed_at", "sla_due_at"),
    )


@dataclass(frozen=True)
class ClockRow:
    """One SLA clock as the case page shows it."""

    clock: SlaClock
    state: SlaClockState
    elapsed_minutes: int
    percent: int  # of the target run, capped at 100 for the bar

    @property
    def overdue(self) -> bool:
        return self.state in (SlaClockState.BREACHED, SlaClockState.MISSED)


def case_sla(case: Case, now: datetime | None = None) -> list[ClockRow]:
    """The case's SLA clocks, running first, with where each stands ``now``."""
    now = now or timezone.now()
    return [_clock_row(clock, now) for clock in case_clocks(case)]


def _clock_row(clock: SlaClock, now: datetime) -> ClockRow:
    elapsed = clock.elapsed_seconds(now)
    target = max(clock.target_minutes * 60, 1)
    return ClockRow(clock, clock.state(now), elapsed // 60, min(100, elapsed * 100 // target))


# --- partner tasks --------------------------------------------------------------------------


def visible_partner_task(user: Any, pk: int) -> PartnerTask | None:
    return (
        PartnerTask.objects.for_user(user, access.VIEW)
        .select_related("case", "partner", "shipment", "purchase_order", "product", "answered_by")
        .filter(pk=pk)
        .first()
    )


def partner_tasks(
    user: Any, *, status: str = "", overdue: bool = False, partner: int | None = None
) -> QuerySet[PartnerTask]:
    """The tasks ``user`` may see: active ones by default, the soonest due first."""
    found = PartnerTask.objects.for_user(user, access.VIEW).select_related("case", "partner")
    if status == "all":
        pass
    elif status:
        found = found.filter(status=status)
    else:
        found = found.active()
    if overdue:
        found = found.filter(status=PartnerTaskStatus.OPEN, due_at__lte=timezone.now())
    if partner:
        found = found.filter(partner_id=partner)
    return found.order_by(F("due_at").asc(nulls_last=True), "-created_at", "-id")


@dataclass(frozen=True)
class TaskRow:
    """A partner task on its case's page: the task, its clock and its evidence."""

    task: PartnerTask
    clock: ClockRow | None
    evidence: list[Any]


def case_partner_tasks(user: Any, case: Case, now: datetime | None = None) -> list[TaskRow]:
    """The case's partner tasks with each one's latest clock and its files: three reads,
    whatever the number of tasks."""
    now = now or timezone.now()
    tasks = list(
        partner_tasks(user, status="all")
        .filter(case=case)
        .select_related("shipment", "purchase_order", "product", "answered_by")
    )
    if not tasks:
        return []
    ids = [task.pk for task in tasks]
    task_type = ContentType.objects.get_for_model(PartnerTask)
    latest: dict[int, SlaClock] = {}
    for clock in SlaClock.objects.filter(content_type=task_type, object_id__in=ids).order_by(
        "started_at", "id"
    ):
        latest[clock.object_id] = clock  # the last one started wins
    files: dict[int, list[Any]] = {}
    found = (
        Attachment.objects.for_user(user)
        .present()
        .filter(target_type=task_type, target_id__in=ids)
        .select_related("uploaded_by")
        .order_by("created_at")
    )
    for attachment in found:
        files.setdefault(attachment.target_id, []).append(attachment)
    return [
        TaskRow(
            task,
            _clock_row(latest[task.pk], now) if task.pk in latest else None,
            files.get(task.pk, []),
        )
        for task in tasks
    ]


# --- the customer beside the case -------------------------------------------------------------


@dataclass(frozen=True)
class CustomerContext:
    """What an agent wants to know about the customer while answering: its open orders, its
    latest shipments, its earlier cases and the promises still open to it."""

    open_orders: int
    orders: list[Any]
    shipments: list[Any]
    earlier_cases: list[Case]
    open_promises: int


def customer_context(user: Any, case: Case) -> CustomerContext:
    from catena.fulfilment.models import Shipment
    from catena.sales.choices import OrderStatus
    from catena.sales.models import SalesOrder

    orders = (
        SalesOrder.objects.for_user(user, access.VIEW)
        .filter(customer_id=case.party_id)
        .exclude(status__in=(OrderStatus.CLOSED, OrderStatus.CANCELLED))
    )
    shipments = (
        Shipment.objects.for_user(user, access.VIEW)
        .filter(sales_order__customer_id=case.party_id)
        .select_related("carrier")
        .order_by("-created_at")[:3]
    )
    earlier = (
        Case.objects.for_user(user, access.VIEW)
        .filter(party_id=case.party_id)
        .exclude(pk=case.pk)
        .only("pk", "number", "subject", "status", "created_at")
        .order_by("-created_at")[:5]
    )
    promises = Promise.objects.for_user(user, access.VIEW).filter(party_id=case.party_id, status="open")
    return CustomerContext(
        open_orders=orders.count(),
        orders=list(orders.only("pk", "number", "status", "requested_date").order_by("-created_at")[:3]),
        shipments=list(shipments),
        earlier_cases=list(earlier),
        open_promises=promises.count(),
    )
