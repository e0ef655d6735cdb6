"""Moving an order from stage to stage: the stages it may move to, a person's or the flow's own
move, and ``advance``, which moves the order on while the records behind it complete its stage.

Every move locks the order row and, when the caller says which version it saw, refuses to act on a
newer one. A person's move past a stage whose fact is missing needs a manager's override reason,
kept on the stage and carried by the move's event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import access, events
from catena.core.versions import check_version
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import OrderStage
from catena.fulfilment.services.flow.facts import fact_label, missing_fact, trigger_met
from catena.sales import services as sales
from catena.sales.choices import STATUS_TRANSITIONS, OrderStatus
from catena.sales.models import SalesOrder

MOVABLE_STATUSES = frozenset({OrderStatus.OPEN, OrderStatus.BACK_ORDERED, OrderStatus.PARTIALLY_SHIPPED})
MOVE_BACK_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
OVERRIDE_ROLES = MOVE_BACK_ROLES  # who may move an order past a stage whose fact is missing

_locked = sales.locked


class _Step(Protocol):
    @property
    def optional(self) -> bool: ...


class MovableStage(Protocol):
    """What ``allowed_targets`` reads of a stage (a model, or a stage read as values)."""

    @property
    def state(self) -> str: ...

    @property
    def step(self) -> _Step: ...


S = TypeVar("S", bound=MovableStage)


def allowed_targets(stages: Sequence[S], *, may_move_back: bool = False) -> list[S]:
    """The stages an order may move to from its active stage: the next one, past optional ones,
    and (for managers) back to the one before."""
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    if active is None:
        return []
    index = stages.index(active)
    targets: list[S] = []
    for later in stages[index + 1 :]:
        targets.append(later)
        if not later.step.optional:
            break
    if may_move_back and index > 0:
        targets.insert(0, stages[index - 1])
    return targets


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
