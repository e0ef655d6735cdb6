"""An order's status from the flow's side: hold, release, back-order, close or cancel it through
``sales.change_status``, saying whether every stage is done, and cancel the open work orders of a
cancelled order."""

from __future__ import annotations

from django.db import transaction

from catena.accounts.models import User
from catena.core.history import save_with_history
from catena.fulfilment.choices import StageState
from catena.sales import services as sales
from catena.sales.choices import OrderStatus
from catena.sales.models import SalesOrder


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
    order = sales.locked(order)
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
