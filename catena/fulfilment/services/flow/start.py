"""Starting an order's flow: the default template of its order type, the due time of each stage
(forward from receipt, or backwards from the requested delivery date) and the stages copied onto
the order."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import FlowStep, FlowTemplate, OrderStage
from catena.sales import services as sales
from catena.sales.models import SalesOrder


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
