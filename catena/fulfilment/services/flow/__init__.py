"""The order flow, one module per topic: ``start`` (an order's stages from its template),
``moves`` (moving between stages, and on by the facts), ``facts`` (what completes a stage),
``stages`` (who holds a stage), ``status`` (hold, release, close and cancel orders) and
``timeline`` (the customer's timeline entry for each move).

The order itself belongs to sales (ADR 0009): the flow records the stage through
``sales.enter_stage`` and every status change through ``sales.change_status``; it never writes the
order's fields. A stage completed by a fact (shipped, delivered, invoiced, materials received,
work orders planned or done) is moved on by a person only when the fact holds, or by a manager who
gives an override reason, which is kept on the stage and carried by the move's event.

Importing this package subscribes :func:`note_stage_change` to ``order.stage_changed``
(``FulfilmentConfig.ready``). Every name is importable from here as well
(``from catena.fulfilment.services.flow import move_stage``).
"""

from catena.fulfilment.services.flow.facts import (
    fact_label,
    missing_fact,
    trigger_met,
)
from catena.fulfilment.services.flow.moves import (
    MOVABLE_STATUSES,
    MOVE_BACK_ROLES,
    OVERRIDE_ROLES,
    advance,
    allowed_targets,
    move_stage,
)
from catena.fulfilment.services.flow.stages import (
    assign_stage,
)
from catena.fulfilment.services.flow.start import (
    default_template,
    schedule,
    start_flow,
)
from catena.fulfilment.services.flow.status import (
    set_status,
)
from catena.fulfilment.services.flow.timeline import (
    note_stage_change,
)

__all__ = [
    "MOVABLE_STATUSES",
    "MOVE_BACK_ROLES",
    "OVERRIDE_ROLES",
    "advance",
    "allowed_targets",
    "assign_stage",
    "default_template",
    "fact_label",
    "missing_fact",
    "move_stage",
    "note_stage_change",
    "schedule",
    "set_status",
    "start_flow",
    "trigger_met",
]
