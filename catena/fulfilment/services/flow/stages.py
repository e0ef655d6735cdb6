"""Who holds a stage: staff take stages of their own department, managers assign any."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access, events
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import OrderStage
from catena.fulfilment.services.flow.moves import MOVE_BACK_ROLES


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
