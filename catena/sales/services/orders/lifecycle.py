"""The order's lifecycle: the one writer of status, stage and version for every app, and the
shipped quantities that move an order between open and partially shipped."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.versions import check_version
from catena.sales.choices import STATUS_TRANSITIONS, OrderStatus
from catena.sales.models import SalesOrder, SalesOrderLine


def locked(order: SalesOrder | int) -> SalesOrder:
    """The order, locked for this transaction; its customer and owner come along unlocked, so that
    moves of two orders of the same customer do not wait for each other."""
    pk = order if isinstance(order, int) else order.pk
    return SalesOrder.objects.select_for_update(of=("self",)).select_related("customer", "owner").get(pk=pk)


def status_note(order: SalesOrder, status: str, reason: str) -> None:
    """The customer's timeline says where the order stands now."""
    log_interaction(
        order.customer,
        actor=None,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=(
            _("Order %(number)s is now %(status)s")
            % {"number": order.number, "status": OrderStatus(status).label}
        )[:200],
        body=reason,
        related=order,
        system=True,
    )


@transaction.atomic
def change_status(
    order: SalesOrder,
    *,
    status: str,
    actor: User | None,
    reason: str = "",
    expected_version: int | None = None,
    flow_complete: bool = False,
    access_checked: bool = False,
) -> SalesOrder:
    """Change the order's status: the one writer of ``status`` for every app.

    The move must be in ``STATUS_TRANSITIONS``; holding and cancelling need a reason; closing
    needs ``flow_complete`` (the caller that runs the order's flow says every non-optional stage
    is done). ``access_checked`` is for a change that follows from another use case whose access
    check already passed (the last stage reached, goods picked up by the carrier). Emits
    ``order.status_changed`` and notes the change on the customer's timeline."""
    order = locked(order)
    if actor is not None and not access_checked:
        access.ensure(actor, access.CHANGE, order)
    check_version(order, expected_version)
    if status not in OrderStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("“%(value)s” is not one of the allowed values.") % {"value": status},
                    code="invalid_choice",
                )
            }
        )
    if status not in STATUS_TRANSITIONS.get(order.status, frozenset()):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("An order that is %(current)s cannot become %(new)s.")
                    % {"current": order.get_status_display(), "new": OrderStatus(status).label},
                    code="order.transition_not_allowed",
                )
            }
        )
    reason = reason.strip()
    if status in (OrderStatus.ON_HOLD, OrderStatus.CANCELLED) and not reason:
        raise ValidationError({"reason": ValidationError(_("Say why."), code="required")})
    if status == OrderStatus.CLOSED and not flow_complete:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Only an order whose stages are all done can be closed."), code="order.stages_not_done"
                )
            }
        )
    previous = order.status
    order.status, order.status_reason = status, reason[:200]
    order.version += 1
    save_with_history(order, actor=actor, update_fields=["status", "status_reason", "version", "updated_at"])
    events.emit(
        "order.status_changed",
        order,
        actor=actor,
        payload={
            "number": order.number,
            "customer": order.customer_id,
            "from": previous,
            "to": status,
            "reason": order.status_reason,
            "version": order.version,
        },
    )
    status_note(order, status, order.status_reason)
    return order


def enter_stage(
    order: SalesOrder, *, code: str, at: datetime, actor: User | None, first: bool = False
) -> SalesOrder:
    """Record the flow stage the order is in now: the one writer of ``stage``,
    ``stage_entered_at`` and the flow's ``version`` step. The flow calls it inside its own
    transaction with the order locked (``locked``); it checks the move, this records it. Entering
    the first stage, as the order is placed, is no change of the order (its version stays)."""
    order.stage, order.stage_entered_at = code[:40], at
    fields = ["stage", "stage_entered_at"]
    if not first:
        order.version += 1
        fields += ["version", "updated_at"]
    save_with_history(order, actor=actor, update_fields=fields)
    return order


@transaction.atomic
def record_shipped(order: SalesOrder, *, quantities: Mapping[int, Decimal], actor: User | None) -> SalesOrder:
    """Goods left with the carrier: add ``quantities`` (order line id -> quantity) to the lines'
    shipped quantities, and mark the order partially shipped while quantities remain (open again
    when nothing remains). Called by shipping, whose access check covers it."""
    order = locked(order)
    lines = {line.pk: line for line in SalesOrderLine.objects.select_for_update().filter(order=order)}
    for line_id, quantity in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError(
                {
                    "lines": ValidationError(
                        _("The line is not on this order."), code="order.line_not_on_order"
                    )
                }
            )
        line.shipped_quantity = min(line.quantity, line.shipped_quantity + quantity)
        line.save(update_fields=["shipped_quantity"])
    remaining = any(line.open_quantity > 0 for line in lines.values())
    if remaining and order.status == OrderStatus.OPEN:
        order = change_status(order, status=OrderStatus.PARTIALLY_SHIPPED, actor=actor, access_checked=True)
    elif not remaining and order.status in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.BACK_ORDERED):
        order = change_status(order, status=OrderStatus.OPEN, actor=actor, access_checked=True)
    return order
