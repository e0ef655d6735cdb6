"""Work orders: production of made-to-order lines, planned and actual."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.versions import check_version
from catena.fulfilment.choices import WORK_ORDER_TRANSITIONS, StageState, WorkOrderStatus
from catena.fulfilment.models import WorkOrder
from catena.fulfilment.services.flow.moves import advance
from catena.sales.choices import LineFulfilment
from catena.sales.models import SalesOrder


@transaction.atomic
def plan_production(
    order: SalesOrder,
    *,
    actor: User | None,
    start: datetime | None = None,
    hours: int | None = None,
) -> list[WorkOrder]:
    """One work order per made-to-order line that has none, planned from ``start`` for the
    standard time of the order's production stage (or ``hours``)."""
    if actor is not None:
        access.ensure(actor, access.ADD, WorkOrder)
        access.ensure(actor, access.VIEW, order)
    order = SalesOrder.objects.select_for_update().get(pk=order.pk)
    if not order.is_active:
        raise ValidationError(
            {
                "order": ValidationError(
                    _("A cancelled or closed order cannot be planned."), code="order.not_editable"
                )
            }
        )
    lines = [
        line
        for line in order.lines.filter(fulfilment=LineFulfilment.MAKE).select_related("product")
        if not line.work_orders.exclude(status=WorkOrderStatus.CANCELLED).exists()
    ]
    if not lines:
        raise ValidationError(
            {
                "order": ValidationError(
                    _("Every made-to-order line already has a work order."), code="order.already_planned"
                )
            }
        )
    produced = order.stages.filter(code="produced").first()
    duration = timedelta(hours=hours or (produced.standard_hours if produced else 72))
    begin = start or timezone.now()
    ids = reserve_ids(WorkOrder, len(lines))
    created = []
    for pk, line in zip(ids, lines, strict=True):
        wo = WorkOrder(
            pk=pk,
            number=f"WO-{pk:07d}",
            sales_order=order,
            sales_order_line=line,
            product=line.product,
            quantity=line.quantity,
            planned_start=begin,
            planned_finish=begin + duration,
        )
        save_with_history(wo, actor=actor, force_insert=True)
        created.append(wo)
        events.emit(
            "work_order.planned", wo, actor=actor, payload={"number": wo.number, "sales_order": order.pk}
        )
    advance(order, actor=actor)
    return created


@transaction.atomic
def set_work_order_status(
    wo: WorkOrder,
    *,
    actor: User | None,
    status: str,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> WorkOrder:
    wo = WorkOrder.objects.select_for_update().get(pk=wo.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, wo)
    check_version(wo, expected_version)
    if status not in WorkOrderStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("“%(value)s” is not one of the allowed values.") % {"value": status},
                    code="invalid_choice",
                )
            }
        )
    if status not in WORK_ORDER_TRANSITIONS.get(wo.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("A work order that is %(current)s cannot become %(new)s.")
                        % {"current": wo.get_status_display(), "new": WorkOrderStatus(status).label},
                        code="work_order.transition_not_allowed",
                    )
                ]
            }
        )
    now = at or timezone.now()
    if status == WorkOrderStatus.IN_PROGRESS:
        wo.actual_start = now
    elif status == WorkOrderStatus.DONE:
        wo.actual_finish = now
        wo.actual_start = wo.actual_start or now
    wo.status = status
    wo.version += 1
    save_with_history(wo, actor=actor)
    events.emit(
        "work_order.status_changed",
        wo,
        actor=actor,
        payload={"number": wo.number, "sales_order": wo.sales_order_id, "status": status},
    )
    order = wo.sales_order
    if order.stages.filter(state=StageState.ACTIVE).exists():
        advance(order, actor=actor, at=now)
    return wo
