"""Work orders of the demo's made-to-order lines: planned, released when the materials are in,
started and finished (``catena.fulfilment.services.production`` semantics)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from catena.demo.pace import factor, festive, hours, working_time
from catena.demo.records import Event, Line, WorkOrder
from catena.fulfilment.choices import WorkOrderStatus

Row = dict[str, Any]
_STATUS = {
    "released": WorkOrderStatus.RELEASED,
    "in_progress": WorkOrderStatus.IN_PROGRESS,
    "done": WorkOrderStatus.DONE,
    "cancelled": WorkOrderStatus.CANCELLED,
}


def plan(lines: Sequence[Line], *, at: datetime, start: datetime, standard_hours: int) -> list[WorkOrder]:
    """One work order per line, planned at ``at`` to run from ``start`` for the standard time."""
    return [
        WorkOrder(line=line, planned_at=at, planned_start=start, planned_finish=start + hours(standard_hours))
        for line in lines
    ]


def produce(
    rng: random.Random,
    work_orders: Sequence[WorkOrder],
    *,
    ready: datetime,
    released: bool,
    standard_hours: int,
    speed: float,
) -> datetime:
    """Run every work order once the materials are ``ready``; returns when the last one finishes."""
    finished = ready
    for wo in work_orders:
        if released:
            wo.events.append(Event(ready, "released"))
        start = working_time(rng, max(ready, wo.planned_at) + hours(factor(rng, 6 * speed, 0.6)))
        size = 0.8 + 0.4 * min(float(wo.line.quantity), 50) / 50
        finish = working_time(rng, start + hours(standard_hours * size * festive(start) * factor(rng, speed)))
        wo.events.append(Event(start, "in_progress"))
        wo.events.append(Event(finish, "done"))
        finished = max(finished, finish)
    return finished


def cancel(work_orders: Sequence[WorkOrder], at: datetime) -> None:
    """The order was cancelled: work orders not started by then are cancelled with it."""
    for wo in work_orders:
        if any(e.kind in ("in_progress", "done") and e.at <= at for e in wo.events):
            continue
        wo.events = [e for e in wo.events if e.at <= at]
        wo.events.append(Event(at, "cancelled"))


def work_order_row(wo: WorkOrder, order_id: int, clock: datetime) -> Row:
    status, version, updated = WorkOrderStatus.PLANNED, 1, wo.planned_at
    actual_start = actual_finish = None
    for event in wo.events:
        if event.at > clock:
            break
        status, version, updated = _STATUS[event.kind], version + 1, event.at
        if event.kind == "in_progress":
            actual_start = event.at
        elif event.kind == "done":
            actual_finish = event.at
    return {
        "id": wo.pk, "number": f"WO-{wo.pk:07d}", "sales_order_id": order_id, "sales_order_line_id": wo.line.pk,
        "product_id": wo.line.product_id, "quantity": wo.line.quantity, "status": str(status),
        "planned_start": wo.planned_start, "planned_finish": wo.planned_finish, "actual_start": actual_start,
        "actual_finish": actual_finish, "version": version, "notes": "", "created_at": wo.planned_at,
        "updated_at": updated,
    }  # fmt: skip
