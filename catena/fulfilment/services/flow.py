"""The order flow: start an order's stages from its template, move them, hold and cancel orders.

Every move locks the order row (``select_for_update``) and, when the caller says which version it
saw, refuses to act on a newer one: two people moving the same stage cannot both succeed, and a
supplier's or carrier's update cannot land on a cancelled order.

The order itself belongs to sales (ADR 0009): the flow records the stage through
``sales.enter_stage`` and every status change through ``sales.change_status``; it never writes the
order's fields. A stage completed by a fact (shipped, delivered, invoiced, materials received,
work orders planned or done) is moved on by a person only when the fact holds, or by a manager who
gives an override reason, which is kept on the stage and carried by the move's event.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.models import Event
from catena.core.versions import check_version
from catena.fulfilment.choices import StageState, StepTrigger
from catena.fulfilment.models import FlowStep, FlowTemplate, OrderStage
from catena.parties.models import Party
from catena.sales import services as sales
from catena.sales.choices import STATUS_TRANSITIONS, OrderStatus
from catena.sales.models import SalesOrder

MOVABLE_STATUSES = frozenset({OrderStatus.OPEN, OrderStatus.BACK_ORDERED, OrderStatus.PARTIALLY_SHIPPED})
MOVE_BACK_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
OVERRIDE_ROLES = MOVE_BACK_ROLES  # who may move an order past a stage whose fact is missing


def default_template(order_type: str) -> FlowTemplate:
    template = FlowTemplate.objects.filter(order_type=order_type, is_default=True).first()
    if template is None:
        raise ValidationError(
            {
                "order_type": ValidationError(
                    _("No flow template is set up for this order type."), code="flow_template.not_set_up"
                )
            }
        )
    return template


def schedule(steps: list[FlowStep], received_at: datetime, requested: Any) -> list[datetime]:
    """Due time of each step.

    Without a requested delivery date, each step is due its standard time after the one before
    (forward from receipt). With one, the steps up to delivery are planned backwards from the end
    of that day, so a stage is late when it endangers the date the customer asked for; the steps
    after delivery (invoicing, closing) run forward from it.
    """
    forward: list[datetime] = []
    at = received_at
    for step in steps:
        at = at + timedelta(hours=step.standard_hours)
        forward.append(at)
    if not requested:
        return forward
    codes = [s.code for s in steps]
    anchor = codes.index("delivered") if "delivered" in codes else len(steps) - 1
    tz = timezone.get_current_timezone()
    deadline = timezone.make_aware(datetime.combine(requested, time(18, 0)), tz)
    due = list(forward)
    at = deadline
    for index in range(anchor, -1, -1):
        due[index] = at
        at = at - timedelta(hours=steps[index].standard_hours)
    at = deadline
    for index in range(anchor + 1, len(steps)):
        at = at + timedelta(hours=steps[index].standard_hours)
        due[index] = at
    return due


@transaction.atomic
def start_flow(
    order: SalesOrder, *, actor: User | None = None, template: FlowTemplate | None = None
) -> list[OrderStage]:
    """Copy the template's steps onto the order; the first stage starts when the order was received."""
    if order.stages.exists():
        return list(order.stages.all())
    template = template or default_template(order.order_type)
    steps = list(template.steps.select_related("department").order_by("sequence"))
    if not steps:
        raise ValidationError(
            {
                "order_type": ValidationError(
                    _("The flow template has no steps."), code="flow_template.not_set_up"
                )
            }
        )
    due = schedule(steps, order.ordered_at, order.requested_date)
    stages = [
        OrderStage(
            order=order,
            step=step,
            sequence=step.sequence,
            code=step.code,
            name=step.name,
            department=step.department,
            standard_hours=step.standard_hours,
            due_at=due[index],
            owner=order.owner if index == 0 else None,
            state=StageState.ACTIVE if index == 0 else StageState.PENDING,
            started_at=order.ordered_at if index == 0 else None,
        )
        for index, step in enumerate(steps)
    ]
    OrderStage.objects.bulk_create(stages)
    sales.enter_stage(order, code=steps[0].code, at=order.ordered_at, actor=actor, first=True)
    return stages


_locked = sales.locked


def allowed_targets(stages: list[OrderStage], *, may_move_back: bool = False) -> list[OrderStage]:
    """The stages an order may move to from its active stage: the next one, past optional ones,
    and (for managers) back to the one before."""
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    if active is None:
        return []
    index = stages.index(active)
    targets: list[OrderStage] = []
    for later in stages[index + 1 :]:
        targets.append(later)
        if not later.step.optional:
            break
    if may_move_back and index > 0:
        targets.insert(0, stages[index - 1])
    return targets


def _timeline(order: SalesOrder, subject: str, body: str = "", *, event: Event | None = None) -> None:
    log_interaction(
        order.customer,
        actor=None,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=subject[:200],
        body=body,
        related=order,
        system=True,
        # written from the event: a handler run twice still leaves one note
        external_id=f"event-{event.pk}" if event is not None else None,
    )


@events.subscribe("order.stage_changed")
def note_stage_change(event: Event) -> None:
    """Put a move on the customer's timeline. The move's transaction writes only the event (the
    outbox); the note follows from it, after the commit, off the mover's request. The payload
    names the order and its customer (who cannot be deleted while the order exists), so nothing
    is read back; events recorded before the payload carried them still are."""
    payload = event.payload
    customer_id, number = payload.get("customer"), payload.get("number")
    if customer_id is not None and number:
        order = SalesOrder(pk=int(event.subject_id), number=number, customer=Party(pk=customer_id))
    else:
        found = SalesOrder.objects.select_related("customer").filter(pk=int(event.subject_id)).first()
        if found is None:
            return
        order = found
    # stage names of the default flows are stored in English and translated where shown
    names = {
        "from": _(payload.get("from_name") or payload["from"]),
        "to": _(payload.get("to_name") or payload["to"]),
    }
    body = payload.get("note", "")
    if payload.get("override"):
        facts = "; ".join(fact_label(fact) for fact in payload.get("overridden_facts", []))
        overridden = _("Moved on by a manager although this was not true: %(facts)s. Reason: %(reason)s") % {
            "facts": facts,
            "reason": payload["override"],
        }
        body = f"{body}\n{overridden}" if body else overridden
    _timeline(
        order,
        _("Order %(number)s: %(from)s → %(to)s") % {"number": order.number, **names},
        body,
        event=event,
    )


def missing_fact(order: SalesOrder, stage: OrderStage) -> str | None:
    """The fact that completes ``stage`` when it is not there yet (its trigger), else None."""
    trigger = stage.step.trigger
    if trigger == StepTrigger.MANUAL or trigger_met(order, trigger):
        return None
    return str(trigger)


def fact_label(trigger: str) -> str:
    return str(StepTrigger(trigger).label) if trigger in StepTrigger.values else trigger


@transaction.atomic
def move_stage(
    order: SalesOrder,
    *,
    to: str,
    actor: User | None,
    expected_version: int | None = None,
    note: str = "",
    at: datetime | None = None,
    system: bool = False,
    override: str = "",
) -> SalesOrder:
    """Finish the order's active stage and start stage ``to`` (a stage code).

    ``system`` moves are made by the flow itself (a trigger fired); they skip the department rule
    but not the transition table. A person's move past a stage completed by a fact (its trigger)
    needs the fact; without it the move is refused, unless an administrator or manager gives an
    ``override`` reason, which is kept on the stage. Reaching the last stage closes the order
    through ``sales.change_status``. Raises ``StaleVersion`` when ``expected_version`` is outdated,
    ``PermissionDenied`` when the actor may not move this stage or may not override,
    ``ValidationError`` otherwise.
    """
    order = _locked(order)
    check_version(order, expected_version)
    stages = list(
        order.stages.select_related("step", "department", "owner", "completed_by", "overridden_by").order_by(
            "sequence"
        )
    )
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    if (
        actor is not None
        and not system
        and active is not None
        and not access.can(actor, access.CHANGE, active)
    ):
        raise access.PermissionDenied(access.CHANGE, active)
    if order.status not in MOVABLE_STATUSES:
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("The order is %(status)s; its stages cannot move.")
                        % {"status": order.get_status_display()},
                        code="order.transition_not_allowed",
                    )
                ]
            }
        )
    if active is None:
        raise ValidationError(
            {"to": ValidationError(_("The order has no active stage."), code="order.transition_not_allowed")}
        )
    may_back = actor is not None and roles.role_of(actor) in MOVE_BACK_ROLES
    targets = allowed_targets(stages, may_move_back=may_back)
    target = next((s for s in targets if s.code == to), None)
    if target is None:
        allowed = ", ".join(s.code for s in targets) or "—"
        raise ValidationError(
            {
                "to": [
                    ValidationError(
                        _("Cannot move from “%(from)s” to “%(to)s”; allowed: %(allowed)s.")
                        % {"from": active.code, "to": to, "allowed": allowed},
                        code="order.transition_not_allowed",
                    )
                ]
            }
        )
    now = at or timezone.now()
    if now < (active.started_at or now):
        raise ValidationError(
            {"at": ValidationError(_("A stage cannot finish before it started."), code="out_of_range")}
        )
    backwards = target.sequence < active.sequence
    is_last = not backwards and target is stages[-1]
    override = override.strip()[:300]
    overridden: list[tuple[OrderStage, str]] = []
    if not system and not backwards:
        # the stages this move completes: the active one, and the last one, which finishes on entry
        for finishing in [active, target] if is_last else [active]:
            fact = missing_fact(order, finishing)
            if fact is None:
                continue
            if not override:
                raise ValidationError(
                    {
                        "to": [
                            ValidationError(
                                _(
                                    "“%(stage)s” is done when this is true, and it is not yet: %(fact)s. "
                                    "A manager may move on anyway with a reason."
                                )
                                % {"stage": _(finishing.name), "fact": fact_label(fact)},
                                code="order.fact_missing",
                            )
                        ]
                    }
                )
            if actor is not None and roles.role_of(actor) not in OVERRIDE_ROLES:
                raise access.PermissionDenied(access.CHANGE, finishing, code="order.override_not_allowed")
            overridden.append((finishing, fact))
    if backwards:
        active.state, active.started_at = StageState.PENDING, None
        target.state, target.completed_at, target.completed_by = StageState.ACTIVE, None, None
        # the stage is open again: its override, if any, no longer stands (its event still tells)
        target.override_reason, target.overridden_by, target.overridden_at = "", None, None
        target.save(
            update_fields=[
                "state",
                "completed_at",
                "completed_by",
                "override_reason",
                "overridden_by",
                "overridden_at",
            ]
        )
        active.save(update_fields=["state", "started_at"])
    else:
        for stage, _fact in overridden:
            stage.override_reason, stage.overridden_by, stage.overridden_at = override, actor, now
        active.state, active.completed_at, active.completed_by = StageState.DONE, now, actor
        if note:
            active.note = note[:500]
        active.save(
            update_fields=[
                "state",
                "completed_at",
                "completed_by",
                "note",
                "override_reason",
                "overridden_by",
                "overridden_at",
            ]
        )
        for skipped in stages[stages.index(active) + 1 : stages.index(target)]:
            skipped.state, skipped.started_at, skipped.completed_at = StageState.SKIPPED, now, now
            skipped.save(update_fields=["state", "started_at", "completed_at"])
        target.state, target.started_at = StageState.ACTIVE, now
        if target.owner_id is None:
            target.owner = _default_owner(order, target, stages)
        if is_last:
            target.state, target.completed_at, target.completed_by = StageState.DONE, now, actor
        target.save(
            update_fields=[
                "state",
                "started_at",
                "completed_at",
                "completed_by",
                "owner",
                "override_reason",
                "overridden_by",
                "overridden_at",
            ]
        )
    previous = active.code
    was_late = active.is_late if not backwards else False
    sales.enter_stage(order, code=target.code, at=now, actor=actor)
    events.emit(
        "order.stage_changed",
        order,
        actor=actor,
        payload={
            "number": order.number,
            "customer": order.customer_id,
            "from": previous,
            "to": target.code,
            "from_name": active.name,
            "to_name": target.name,
            "backwards": backwards,
            "late": was_late,
            "version": order.version,
            "note": note[:500],
            # the facts this move went past without, and the manager's reason for it
            "override": override if overridden else "",
            "overridden_facts": [fact for _stage, fact in overridden],
        },
    )
    if is_last:
        # every stage before the last is done or (optional) skipped: the order is complete
        order = sales.change_status(
            order, status=OrderStatus.CLOSED, actor=actor, flow_complete=True, access_checked=True
        )
    if (
        not system
        and not backwards
        and not is_last
        and order.status in MOVABLE_STATUSES
        and trigger_met(order, target.step.trigger)
    ):
        return advance(order, actor=actor, at=now)  # the records behind complete the new stage too
    # The stages as they are now, for whoever shows the order next (``selectors.order_stages``).
    order.moved_stages = stages  # type: ignore[attr-defined]
    return order


def _default_owner(order: SalesOrder, stage: OrderStage, stages: list[OrderStage]) -> User | None:
    """Who owns a stage on entry: whoever owned an earlier stage of the same department on this
    order, else the order's owner when the stage is the sales department's; else nobody yet
    (the department's queue), until someone takes it."""
    for earlier in reversed(stages[: stages.index(stage)]):
        if earlier.department_id == stage.department_id and earlier.owner_id:
            return earlier.owner
    if order.owner_id and stage.department.code == "sales":
        return order.owner
    return None


@transaction.atomic
def assign_stage(stage: OrderStage, *, actor: User | None, owner: User | None) -> OrderStage:
    """Give a stage to a person (``owner=None`` puts it back in its department's queue). Staff
    take stages of their own department; managers assign any."""
    stage = OrderStage.objects.select_for_update(of=("self",)).select_related("department").get(pk=stage.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, stage)
    if stage.state in (StageState.DONE, StageState.SKIPPED):
        raise ValidationError(
            {"owner": ValidationError(_("This stage is finished."), code="order_stage.finished")}
        )
    if owner is not None:
        if not owner.is_active or not roles.is_internal(owner):
            raise ValidationError(
                {"owner": ValidationError(_("No such active staff member."), code="owner.not_eligible")}
            )
        if roles.role_of(owner) not in MOVE_BACK_ROLES and owner.department_id != stage.department_id:
            raise ValidationError(
                {
                    "owner": ValidationError(
                        _("This person is not in the department that owns the stage."),
                        code="order_stage.other_department",
                    )
                }
            )
    stage.owner = owner
    stage.save(update_fields=["owner"])
    events.emit(
        "order.stage_assigned",
        stage.order,
        actor=actor,
        payload={"stage": stage.code, "owner": owner.pk if owner else None},
    )
    return stage


@transaction.atomic
def set_status(
    order: SalesOrder,
    *,
    status: str,
    actor: User | None,
    reason: str = "",
    expected_version: int | None = None,
) -> SalesOrder:
    """Put an order on hold, release it, mark it back-ordered or partially shipped, close or
    cancel it: ``sales.change_status`` decides and records it; the flow says whether every stage
    is done (closing needs it) and cancels the open work orders of a cancelled order."""
    order = _locked(order)
    complete = not order.stages.exclude(state__in=[StageState.DONE, StageState.SKIPPED]).exists()
    order = sales.change_status(
        order,
        status=status,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        flow_complete=complete and order.stages.exists(),
    )
    if status == OrderStatus.CANCELLED:
        _cancel_open_work(order, actor)
    return order


def _cancel_open_work(order: SalesOrder, actor: User | None) -> None:
    from catena.fulfilment.choices import WorkOrderStatus
    from catena.fulfilment.models import WorkOrder

    for wo in WorkOrder.objects.select_for_update().filter(
        sales_order=order, status__in=[WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED]
    ):
        wo.status, wo.version = WorkOrderStatus.CANCELLED, wo.version + 1
        save_with_history(wo, actor=actor, update_fields=["status", "version", "updated_at"])


def trigger_met(order: SalesOrder, trigger: str) -> bool:
    """Whether the records behind ``order`` complete a stage with this trigger."""
    from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus, WorkOrderStatus
    from catena.fulfilment.models import PurchaseOrder, Shipment, WorkOrder
    from catena.sales.choices import LineFulfilment

    if trigger == StepTrigger.MANUAL:
        return False
    if trigger == StepTrigger.WORK_ORDERS_PLANNED:
        make_lines = order.lines.filter(fulfilment=LineFulfilment.MAKE)
        return (
            make_lines.exists()
            and not make_lines.exclude(
                work_orders__status__in=[s for s in WorkOrderStatus.values if s != WorkOrderStatus.CANCELLED]
            ).exists()
        )
    if trigger == StepTrigger.MATERIALS_RECEIVED:
        pos = PurchaseOrder.objects.filter(sales_order=order).exclude(
            status__in=[PurchaseOrderStatus.CANCELLED, PurchaseOrderStatus.REJECTED]
        )
        if not pos.exists():
            # no purchase for this order: the materials came from stock once production started
            return WorkOrder.objects.filter(
                sales_order=order, status__in=[WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.DONE]
            ).exists()
        return not pos.exclude(status=PurchaseOrderStatus.RECEIVED).exists()
    if trigger == StepTrigger.WORK_ORDERS_DONE:
        wos = WorkOrder.objects.filter(sales_order=order).exclude(status=WorkOrderStatus.CANCELLED)
        return wos.exists() and not wos.exclude(status=WorkOrderStatus.DONE).exists()
    if trigger == StepTrigger.SHIPPED:
        return (
            not any(line.open_quantity > 0 for line in order.lines.all())
            and Shipment.objects.filter(sales_order=order)
            .exclude(status__in=[ShipmentStatus.PLANNED, ShipmentStatus.CANCELLED])
            .exists()
        )
    if trigger == StepTrigger.INVOICED:
        return sales.is_invoiced(order)
    if trigger == StepTrigger.DELIVERED:
        shipments = Shipment.objects.filter(sales_order=order).exclude(status=ShipmentStatus.CANCELLED)
        return (
            shipments.exists()
            and not any(line.open_quantity > 0 for line in order.lines.all())
            and not shipments.exclude(status=ShipmentStatus.DELIVERED).exists()
        )
    return False


def advance(order: SalesOrder, *, actor: User | None = None, at: datetime | None = None) -> SalesOrder:
    """Move the order on while the records behind it complete its active stage (called after a
    purchase order is received, a work order finishes, a shipment is picked up or delivered)."""
    for _step in range(20):
        order = SalesOrder.objects.get(pk=order.pk)
        if order.status not in MOVABLE_STATUSES:
            return order
        active = order.stages.select_related("step").filter(state=StageState.ACTIVE).first()
        if active is None or not trigger_met(order, active.step.trigger):
            return order
        following = order.stages.filter(sequence__gt=active.sequence).order_by("sequence").first()
        if following is None:
            return order
        is_last = not order.stages.filter(sequence__gt=following.sequence).exists()
        if is_last and OrderStatus.CLOSED not in STATUS_TRANSITIONS.get(order.status, frozenset()):
            return order  # a back-ordered order does not close by itself; its status changes first
        order = move_stage(order, to=following.code, actor=actor, at=at, system=True)
    return order
