"""Each demo order's way through the stages of its flow template, simulated from the day it was
ordered to its end, then written as it stands today.

A stage takes its standard time times the owning department's speed times a lognormal factor;
the stages completed by records (materials received, work orders done, goods picked up and
delivered) take as long as the suppliers, the workshop and the carriers do. Some orders are
put on hold (a few for good), some cancelled, some back-ordered while waiting for stock.
Stages, statuses and versions follow ``catena.fulfilment.services.flow``: one version per stage
move or status change, skipped stages start and finish at the move, the last stage finishes
as it is reached and closes the order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from catena.demo import production
from catena.demo.pace import DEPARTMENT_SPEED, INVOICING_SPEED, factor, festive, hours, working_time
from catena.demo.records import Event, Order, Stage, Step
from catena.demo.shipping import Shipping
from catena.demo.supply import Purchasing
from catena.fulfilment.choices import StageState, StepTrigger, TrackingEventKind
from catena.fulfilment.models import FlowStep
from catena.fulfilment.services.flow.start import schedule
from catena.sales.choices import LineFulfilment, OrderStatus

Row = dict[str, Any]
CANCEL_SHARE = 0.012
LONG_HOLD_SHARE = 0.07  # held for weeks or months; a quarter of them end cancelled
SHORT_HOLD_SHARE = 0.06
BACK_ORDER_SHARE = 0.1  # of make-to-stock orders, at allocation
FROM_STOCK_SHARE = 0.15  # of make-to-order orders whose materials are all in stock
HOLD_REASONS = (
    "客户信用额度超限，待财务审批",
    "客户要求暂缓发货",
    "待客户确认技术规格",
    "质量复核中",
    "付款条件待确认",
)
CANCEL_REASONS = ("客户取消订单", "客户预算调整，订单撤销", "交期无法满足，客户取消", "重复下单，作废")
LONG_HOLD_CANCEL = "长期挂起，经客户确认取消"
BACK_ORDER_REASON = "部分商品缺货，等待补货"
LATE_NOTES = ("等待客户确认付款条件", "仓库人手不足，处理延后", "客户要求修改收货信息", "系统数据核对中")


class FlowSimulator:
    def __init__(
        self,
        rng: random.Random,
        *,
        steps: dict[str, list[Step]],
        flow_steps: dict[str, list[FlowStep]],
        purchasing: Purchasing,
        shipping: Shipping,
        movers: dict[int, list[int]],
    ) -> None:
        self.rng = rng
        self.steps = steps
        self.flow_steps = flow_steps
        self.purchasing = purchasing
        self.shipping = shipping
        self.movers = movers  # department id -> users who move its stages
        self.skip_materials = False  # of the order being simulated
        self.fate_stage: int | None = None
        self.delivered: datetime | None = None

    def simulate(self, order: Order) -> None:
        rng = self.rng
        steps = self.steps[order.order_type]
        due = schedule(self.flow_steps[order.order_type], order.ordered_at, order.requested)
        order.stages = [Stage(step, due=due[i]) for i, step in enumerate(steps)]
        ship_index = next((i for i, s in enumerate(steps) if s.trigger == StepTrigger.SHIPPED), len(steps))
        fate, self.fate_stage = self._fate(steps, ship_index)
        self.skip_materials = rng.random() < FROM_STOCK_SHARE
        self.delivered = None
        at = order.ordered_at
        last = len(order.stages) - 1
        for index, stage in enumerate(order.stages):
            stage.start = at
            if index == last:
                stage.end, stage.by = at, self._mover(stage, order)
                break
            end = self._run(order, stage, at)
            if end is not None and index == self.fate_stage and not stage.skipped:
                end = self._fate_strikes(order, stage, at, end, fate)
            stage.end = end
            if end is None:
                break
            at = end

    # --- stages --------------------------------------------------------------------------------

    def _fate(self, steps: Sequence[Step], ship_index: int) -> tuple[str, int | None]:
        roll = self.rng.random()
        fate = (
            "cancel" if roll < CANCEL_SHARE
            else "long_hold" if roll < CANCEL_SHARE + LONG_HOLD_SHARE
            else "hold" if roll < CANCEL_SHARE + LONG_HOLD_SHARE + SHORT_HOLD_SHARE
            else ""
        )  # fmt: skip
        allowed = {StepTrigger.MANUAL} | ({StepTrigger.MATERIALS_RECEIVED} if fate == "cancel" else set())
        candidates = [i for i in range(ship_index) if steps[i].trigger in allowed]
        if not fate or not candidates:
            return "", None
        return fate, self.rng.choice(candidates)

    def _mover(self, stage: Stage, order: Order) -> int | None:
        if stage.step.department == "sales" and order.owner_id:
            return order.owner_id
        users = self.movers.get(stage.step.department_id)
        return self.rng.choice(users) if users else None

    def _took(self, stage: Stage, at: datetime) -> timedelta:
        speed = DEPARTMENT_SPEED.get(stage.step.department, 1.0)
        if stage.step.code == "invoiced":
            speed = INVOICING_SPEED
        return hours(stage.step.standard_hours * speed * festive(at) * factor(self.rng))

    def _run(self, order: Order, stage: Stage, at: datetime) -> datetime | None:
        rng, trigger = self.rng, stage.step.trigger
        if trigger == StepTrigger.MANUAL:
            stage.by = self._mover(stage, order)
            end = working_time(rng, at + self._took(stage, at))
            held = self.fate_stage is not None and order.stages[self.fate_stage] is stage
            if stage.step.code == "allocated" and not held and rng.random() < BACK_ORDER_SHARE:
                short = working_time(rng, at + hours(factor(rng, 2)))
                restocked = working_time(rng, short + timedelta(days=rng.uniform(3, 25)))
                order.statuses.append(Event(short, "status", (OrderStatus.BACK_ORDERED, BACK_ORDER_REASON)))
                order.statuses.append(Event(restocked, "status", (OrderStatus.OPEN, "")))
                end = working_time(rng, restocked + hours(factor(rng, 3)))
            if end - at > hours(stage.step.standard_hours * 2.5) and rng.random() < 0.3:
                stage.note = rng.choice(LATE_NOTES)
            return end
        if trigger == StepTrigger.WORK_ORDERS_PLANNED:
            return self._plan(order, stage, at)
        if trigger == StepTrigger.MATERIALS_RECEIVED:
            if not order.purchase_orders:
                stage.skipped = True
                return at
            received = [po.received_at for po in order.purchase_orders]
            return max(r for r in received if r is not None)
        if trigger == StepTrigger.WORK_ORDERS_DONE:
            if not order.work_orders:
                self._plan(order, stage, at)
            return production.produce(
                rng,
                order.work_orders,
                ready=at,
                released=bool(order.purchase_orders),
                standard_hours=stage.step.standard_hours,
                speed=DEPARTMENT_SPEED["production"],
            )
        if trigger == StepTrigger.SHIPPED:
            shipped = self.shipping.ship(order, at)
            if shipped is None:
                return None
            self.delivered = shipped[1]
            return shipped[0]
        if trigger == StepTrigger.DELIVERED and self.delivered is not None:
            return self.delivered
        stage.by = self._mover(stage, order)
        return working_time(rng, at + self._took(stage, at))

    def _plan(self, order: Order, stage: Stage, at: datetime) -> datetime:
        """Production plans the work orders, purchasing orders what is not in stock."""
        rng = self.rng
        stage.by = self._mover(stage, order)
        planned = working_time(rng, at + self._took(stage, at))
        made = [line for line in order.lines if line.fulfilment == LineFulfilment.MAKE]
        if not self.skip_materials:
            order.purchase_orders = self.purchasing.for_order(made, planned)
            for po in order.purchase_orders:
                po.order = order
        ready = max((po.needed_by for po in order.purchase_orders), default=None)
        if ready is None:
            start = working_time(rng, planned + hours(4))
        else:
            start = timezone.make_aware(datetime.combine(ready + timedelta(days=1), time(8, 0)))
        produced = next((s for s in order.stages if s.step.trigger == StepTrigger.WORK_ORDERS_DONE), stage)
        order.work_orders = production.plan(
            made, at=planned, start=start, standard_hours=produced.step.standard_hours
        )
        return planned

    def _fate_strikes(
        self, order: Order, stage: Stage, at: datetime, end: datetime, fate: str
    ) -> datetime | None:
        """A hold or a cancellation during ``stage``: returns its new end (None: never ends)."""
        rng = self.rng
        struck = working_time(rng, at + (end - at) * rng.uniform(0.1, 0.9))
        if fate == "cancel":
            self._cancel(order, struck, rng.choice(CANCEL_REASONS))
            return None
        long = fate == "long_hold"
        length = timedelta(days=rng.uniform(20, 240)) if long else hours(factor(rng, 40, 0.8))
        released = working_time(rng, struck + length)
        order.statuses.append(Event(struck, "status", (OrderStatus.ON_HOLD, rng.choice(HOLD_REASONS))))
        if long and rng.random() < 0.25:
            self._cancel(order, released, LONG_HOLD_CANCEL)
            return None
        order.statuses.append(Event(released, "status", (OrderStatus.OPEN, "")))
        return max(working_time(rng, released + (end - struck)), released)

    @staticmethod
    def _cancel(order: Order, at: datetime, reason: str) -> None:
        order.statuses.append(Event(at, "status", (OrderStatus.CANCELLED, reason)))
        order.purchase_orders = [po for po in order.purchase_orders if po.ordered_at <= at]
        for po in order.purchase_orders:
            Purchasing.cancel(po, at, reason)
        production.cancel(order.work_orders, at)


def order_rows(order: Order, clock: datetime, *, number: str) -> tuple[Row, list[Row]]:
    """The order's header fields that its flow decides, and its stages, as they stand at ``clock``."""
    stages: list[Row] = []
    active: Stage | None = None
    moves = 0
    updated = order.ordered_at
    last = order.stages[-1]
    for index, stage in enumerate(order.stages):
        row: Row = {
            "order_id": order.pk, "step_id": stage.step.id, "sequence": stage.step.sequence,
            "code": stage.step.code, "name": stage.step.name, "department_id": stage.step.department_id,
            "owner_id": order.owner_id if index == 0 else None, "standard_hours": stage.step.standard_hours,
            "due_at": stage.due, "state": StageState.PENDING, "started_at": None, "completed_at": None,
            "completed_by_id": None, "note": "",
        }  # fmt: skip
        if stage.start is not None and stage.start <= clock:
            row["started_at"] = stage.start
            if index and not stage.skipped:
                moves += 1
                updated = max(updated, stage.start)
            if stage.skipped:
                row.update(state=StageState.SKIPPED, completed_at=stage.end)
            elif stage.end is not None and stage.end <= clock:
                row.update(
                    state=StageState.DONE, completed_at=stage.end, completed_by_id=stage.by, note=stage.note
                )
            else:
                row["state"] = StageState.ACTIVE
                active = stage
        stages.append(row)
    status, reason, changes = OrderStatus.OPEN, "", 0
    for event in sorted(order.statuses, key=lambda e: e.at):
        if event.at > clock:
            break
        new_status, new_reason = event.data
        status, changes, updated = new_status, changes + 1, max(updated, event.at)  # type: ignore[assignment]
        reason = reason if new_reason is None else str(new_reason)
    closed = active is None and last.start is not None and last.start <= clock
    if closed:
        status = OrderStatus.CLOSED
    current = active or last
    header = {
        "status": str(status), "status_reason": reason, "stage": current.step.code,
        "stage_entered_at": current.start, "version": 1 + moves + changes, "updated_at": updated,
    }  # fmt: skip
    return header, stages


def shipped_quantities(order: Order, clock: datetime) -> dict[int, Decimal]:
    """Line number -> quantity picked up by the carriers by ``clock``."""
    shipped: dict[int, Decimal] = {}
    for shipment in order.shipments:
        picked = shipment.time_of(TrackingEventKind.PICKED_UP)
        if picked is None or picked > clock:
            continue
        for line, quantity in shipment.lines:
            shipped[line.line_no] = shipped.get(line.line_no, Decimal(0)) + quantity
    return shipped


def timeline_rows(order: Order, clock: datetime, *, number: str, content_type_id: int) -> list[Row]:
    """The system entries the flow services put on the customer's timeline for this order."""
    notes: list[tuple[datetime, str, str]] = []
    previous = order.stages[0]
    for stage in order.stages[1:]:
        if stage.start is None or stage.start > clock:
            break
        if stage.skipped:
            continue
        subject = _("Order %(number)s: %(from)s → %(to)s") % {
            "number": number, "from": _(previous.step.name), "to": _(stage.step.name),
        }  # fmt: skip
        notes.append((stage.start, subject, previous.note))
        previous = stage
    for event in order.statuses:
        status, reason = event.data
        if event.at <= clock and reason is not None:
            label = OrderStatus(str(status)).label
            notes.append(
                (
                    event.at,
                    _("Order %(number)s is now %(status)s") % {"number": number, "status": label},
                    str(reason),
                )
            )
    for shipment in order.shipments:
        for event in shipment.events:
            if event.at <= clock and event.kind in (TrackingEventKind.DELIVERED, TrackingEventKind.EXCEPTION):
                subject = _("Shipment %(number)s: %(kind)s") % {
                    "number": f"SH-{shipment.pk:07d}", "kind": TrackingEventKind(event.kind).label,
                }  # fmt: skip
                notes.append((event.at, subject, str(event.data[1] or event.data[0])))
    return [
        {
            "party_id": order.customer_id,
            "contact_id": None,
            "kind": "system",
            "channel": "note",
            "direction": "internal",
            "subject": subject[:200],
            "body": body,
            "occurred_at": at,
            "created_at": at,
            "author_id": None,
            "related_type_id": content_type_id,
            "related_id": str(order.pk),
            "external_id": None,
        }  # fmt: skip
        for at, subject, body in sorted(notes, key=lambda n: n[0])
    ]
