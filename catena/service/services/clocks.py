"""The SLA clocks of cases: started when a case opens, paused while it waits on the customer,
stopped when we answer or resolve it, and swept for warnings, breaches and escalations.

A case runs up to three clocks (``SlaTarget``): the first response from opening to our first
reply, the next response from a customer's message to our answer, and the resolution from
opening (or reopening) to resolved. Their targets come from the most specific active policy for
the case's type, priority and customer tier (``models.policy_for``) and are copied onto the
clock, so a later change of policy never moves a time already promised.

The case keeps ``sla_due_at``, the due time of its most pressing running clock, so the queue
sorts by urgency with one index. The callers are the case services, inside their transaction and
with the case row locked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from catena.core import events
from catena.service.choices import CaseStatus
from catena.service.events import (
    CaseSlaBreached,
    CaseSlaEscalated,
    CaseSlaWarned,
    PartnerTaskSlaBreached,
    PartnerTaskSlaEscalated,
    PartnerTaskSlaWarned,
    SlaClockPayload,
)
from catena.service.models import Case, PartnerTask, SlaClock, SlaPolicy, SlaTarget, policy_for
from catena.service.models.sla import MAX_LEVEL
from catena.service.sla.clock import add_business_seconds

#: How far past the due time, as a share of the target, the clock escalates to the managers.
ESCALATION_SHARE = 50
#: Clocks swept in one transaction; the sweep goes on batch after batch.
SWEEP_BATCH = 500


def _policy(case: Case) -> SlaPolicy | None:
    return policy_for(case.case_type, case.priority, case.party.tier or "")


def _case_clocks(case: Case) -> list[SlaClock]:
    return list(SlaClock.objects.for_record(case).open().select_for_update())


def refresh_due(case: Case, clocks: Iterable[SlaClock] | None = None) -> None:
    """Set the case's ``sla_due_at`` from its running clocks (the caller saves the case)."""
    running = clocks if clocks is not None else SlaClock.objects.for_record(case).open()
    dues = [clock.due_at for clock in running if clock.due_at is not None and clock.paused_since is None]
    case.sla_due_at = min(dues) if dues and case.is_active else None


def _start(case: Case, kind: str, at: datetime, policy: SlaPolicy | None = None) -> SlaClock | None:
    policy = policy or _policy(case)
    if policy is None:
        return None
    clock = SlaClock.new_for(case, kind, policy, started_at=at)
    if case.status == CaseStatus.WAITING_ON_CUSTOMER:
        clock.pause(at)
    clock.save()
    return clock


def start_case(case: Case, at: datetime) -> list[SlaClock]:
    """A new case: the first-response and resolution clocks start. Sets ``sla_due_at``."""
    policy = _policy(case)
    if policy is None:
        case.sla_due_at = None
        return []
    clocks = [
        clock
        for kind in (SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION)
        if (clock := _start(case, kind, at, policy)) is not None
    ]
    refresh_due(case, clocks)
    return clocks


def first_response_due(clocks: Iterable[SlaClock]) -> datetime | None:
    """When the first response is due among a new case's clocks (for the acknowledgement)."""
    return next((clock.due_at for clock in clocks if clock.kind == SlaTarget.FIRST_RESPONSE), None)


def on_staff_reply(case: Case, at: datetime) -> None:
    """We answered the customer: the first- and next-response clocks stop."""
    clocks = _case_clocks(case)
    for clock in clocks:
        if clock.kind in (SlaTarget.FIRST_RESPONSE, SlaTarget.NEXT_RESPONSE):
            clock.stop(at)
            clock.save()
    refresh_due(case, [clock for clock in clocks if clock.stopped_at is None])


def on_customer_message(case: Case, at: datetime) -> None:
    """The customer wrote: the next-response clock starts, unless one already runs (or the first
    response is still owed, which covers it)."""
    clocks = _case_clocks(case)
    owed = {clock.kind for clock in clocks}
    if (
        not owed & {SlaTarget.FIRST_RESPONSE, SlaTarget.NEXT_RESPONSE}
        and case.is_active
        and (started := _start(case, SlaTarget.NEXT_RESPONSE, at)) is not None
    ):
        clocks.append(started)
    refresh_due(case, clocks)


def on_status_change(case: Case, previous: str, at: datetime) -> None:
    """Pause while waiting on the customer, resume after; stop everything on resolving, closing
    or merging; a reopened case runs a new resolution clock from the reopening."""
    clocks = _case_clocks(case)
    status = case.status
    if status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        for clock in clocks:
            clock.stop(at)
            clock.save()
        clocks = []
    else:
        for clock in clocks:
            if status == CaseStatus.WAITING_ON_CUSTOMER:
                clock.pause(at)
            else:
                clock.resume(at)
            clock.save()
        if (
            previous in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
            and (restarted := _start(case, SlaTarget.RESOLUTION, at)) is not None
        ):
            clocks.append(restarted)
    refresh_due(case, clocks)


# --- the sweep ------------------------------------------------------------------------------


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    escalated: int = 0

    @property
    def total(self) -> int:
        return self.warned + self.breached + self.escalated


def _escalate_at(clock: SlaClock) -> datetime | None:
    if clock.due_at is None:
        return None
    return add_business_seconds(
        clock.due_at, clock.target_minutes * 60 * ESCALATION_SHARE // 100, pauses=clock.pause_intervals()
    )


# What each record's clocks announce, by what they reached.
ANNOUNCEMENTS: dict[tuple[type[Any], str], type[SlaClockPayload]] = {
    (Case, "warned"): CaseSlaWarned,
    (Case, "breached"): CaseSlaBreached,
    (Case, "escalated"): CaseSlaEscalated,
    (PartnerTask, "warned"): PartnerTaskSlaWarned,
    (PartnerTask, "breached"): PartnerTaskSlaBreached,
    (PartnerTask, "escalated"): PartnerTaskSlaEscalated,
}
SWEPT_FIELDS = ("warned_at", "breached_at", "level", "escalate_at", "updated_at")  # in ``_write``'s order


def _announcement(what: str, clock: SlaClock, record: Any) -> tuple[SlaClockPayload, Any]:
    payload = ANNOUNCEMENTS[(type(record), what)](
        clock=clock.pk,
        target=clock.kind,
        due_at=clock.due_at.isoformat() if clock.due_at else None,
        level=clock.level,
    )
    return payload, record


def _sweep_one(clock: SlaClock, record: Any, now: datetime, result: SweepResult) -> list[tuple[Any, Any]]:
    """Record on ``clock`` what it reached by ``now``; the announcements to make."""
    said = []
    if clock.warn_at is not None and clock.warn_at <= now and clock.warned_at is None:
        clock.warned_at = now
        if clock.due_at is None or clock.due_at > now:  # a breach says it all
            said.append(_announcement("warned", clock, record))
            result.warned += 1
    if clock.due_at is not None and clock.due_at <= now and clock.breached_at is None:
        clock.breached_at = now
        clock.level = max(clock.level, 1)
        clock.escalate_at = _escalate_at(clock)
        said.append(_announcement("breached", clock, record))
        result.breached += 1
    if clock.escalate_at is not None and clock.escalate_at <= now and clock.level < MAX_LEVEL:
        clock.level = MAX_LEVEL
        said.append(_announcement("escalated", clock, record))
        result.escalated += 1
    return said


def sweep(now: datetime | None = None, *, batch: int = SWEEP_BATCH) -> SweepResult:
    """Record the warnings, breaches and escalations whose time has come, each once, and announce
    them (``case.sla_warned``, ``case.sla_breached``, ``case.sla_escalated`` for a case,
    ``partner_task.sla_…`` for a partner task) on the clock's record.

    Safe to run twice and from two workers at once: each batch locks its clocks and skips those
    another sweep holds; what a clock reached is recorded on it, so it is announced once. Clocks
    whose record is gone are stopped. A batch writes its clocks, their history and its events in
    a few statements, whatever its size."""
    now = now or timezone.now()
    result = SweepResult()
    while True:
        with transaction.atomic():
            clocks = list(
                SlaClock.objects.due_for_sweep(now)
                .select_for_update(skip_locked=True)
                .order_by("due_at", "id")[:batch]
            )
            if not clocks:
                return result
            records = _records(clocks)
            announcements: list[tuple[Any, Any]] = []
            swept = []
            for clock in clocks:  # each leaves the sweep's filter, so the loop ends
                record = records.get((clock.content_type_id, clock.object_id))
                if record is None:  # its record is gone: nothing is owed any more
                    clock.stop(now)
                    clock.save()
                    continue
                announcements += _sweep_one(clock, record, now, result)
                clock.updated_at = now
                swept.append(clock)
            _write(swept, now)
            events.emit_many(announcements)
        if len(clocks) < batch:
            return result


def _write(clocks: list[SlaClock], now: datetime) -> None:
    """Save what the sweep recorded on ``clocks`` (the ``SWEPT_FIELDS``: times and a level, plain
    values every driver adapts) and their history, in two statements: one parameterised UPDATE
    run for every row (psycopg pipelines it) and one insert of history rows."""
    if not clocks:
        return
    quote = connection.ops.quote_name
    columns = [str(SlaClock._meta.get_field(name).column) for name in SWEPT_FIELDS]  # type: ignore[union-attr]
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(SlaClock._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608 -- names from the model
    adapt = connection.ops.adapt_datetimefield_value  # aware times as the backend stores them
    rows = [
        [
            adapt(clock.warned_at),
            adapt(clock.breached_at),
            clock.level,
            adapt(clock.escalate_at),
            adapt(now),
            clock.pk,
        ]
        for clock in clocks
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    SlaClock.history.bulk_history_create(clocks, update=True, default_date=now)


def _records(clocks: list[SlaClock]) -> dict[tuple[int, int], Any]:
    by_type: dict[int, set[int]] = {}
    for clock in clocks:
        by_type.setdefault(clock.content_type_id, set()).add(clock.object_id)
    found: dict[tuple[int, int], Any] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for record in model._default_manager.filter(pk__in=ids):
            found[(type_id, record.pk)] = record
    return found


def case_clocks(case: Case) -> list[SlaClock]:
    """Every clock the case ran, the running ones first, for its page."""
    clocks = list(SlaClock.objects.for_record(case))
    return sorted(clocks, key=lambda clock: (clock.stopped_at is not None, clock.started_at, clock.pk))
