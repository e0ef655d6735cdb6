"""An order's stages as plain rows, for the API's answers about one order.

``order_stages`` reads each stage as a model with five related models (its step, department,
owner, finisher and overrider): some forty instances for one order, most of the CPU its answer
costs beyond the SQL. The API reads no more than a few columns of each, so ``order_stage_lines``
reads them as one row of values per stage, into small frozen records with the same attribute
names (``stage.step.trigger``, ``stage.department.code``, ``stage.owner.display_name``), which the
time line, the allowed moves and the customer's words read just as they read the models.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catena.accounts.models import display_name_of
from catena.core.compiled import KEY, CompiledQuery
from catena.fulfilment.models import OrderStage
from catena.sales.models import SalesOrder


@dataclass(frozen=True, slots=True)
class StepFacts:
    """What a stage's answers read of its flow step."""

    trigger: str
    customer_label: str
    optional: bool


@dataclass(frozen=True, slots=True)
class DepartmentRef:
    code: str


@dataclass(frozen=True, slots=True)
class UserRef:
    """A user as answers name them (``UserRefOut``)."""

    id: int
    username: str
    display_name: str


@dataclass(frozen=True, slots=True)
class StageLine:
    """One stage of an order, read as values."""

    pk: int
    order_id: int
    code: str
    name: str
    sequence: int
    state: str
    department_id: int
    department: DepartmentRef
    owner: UserRef | None
    standard_hours: int
    due_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    completed_by: UserRef | None
    note: str
    step: StepFacts
    override_reason: str
    overridden_by: UserRef | None
    overridden_at: datetime | None


Stage = OrderStage | StageLine
"""A stage as the time line, the allowed moves and the customer's words read it."""

USERS = ("owner", "completed_by", "overridden_by")
_USER_FIELDS = ("id", "username", "first_name", "last_name")
_OWN_FIELDS = (
    "id", "order_id", "code", "name", "sequence", "state", "department_id", "standard_hours",
    "due_at", "started_at", "completed_at", "note", "override_reason", "overridden_at",
)  # fmt: skip


def order_stage_lines(order: SalesOrder) -> list[StageLine]:
    """``order``'s stages in sequence, as :class:`StageLine` (one query, compiled once)."""
    return [_line(row) for row in _stage_lines_query().run(order.pk)]


def _user(row: dict[str, Any], relation: str) -> UserRef | None:
    pk = row[f"{relation}__id"]
    if pk is None:
        return None
    username = row[f"{relation}__username"]
    return UserRef(
        pk, username, display_name_of(username, row[f"{relation}__first_name"], row[f"{relation}__last_name"])
    )


def _line(row: dict[str, Any]) -> StageLine:
    return StageLine(
        pk=row["id"],
        order_id=row["order_id"],
        code=row["code"],
        name=row["name"],
        sequence=row["sequence"],
        state=row["state"],
        department_id=row["department_id"],
        department=DepartmentRef(row["department__code"]),
        owner=_user(row, "owner"),
        standard_hours=row["standard_hours"],
        due_at=row["due_at"],
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        completed_by=_user(row, "completed_by"),
        note=row["note"],
        step=StepFacts(row["step__trigger"], row["step__customer_label"], row["step__optional"]),
        override_reason=row["override_reason"],
        overridden_by=_user(row, "overridden_by"),
        overridden_at=row["overridden_at"],
    )


@functools.cache
def _stage_lines_query() -> CompiledQuery[Any]:
    columns = (
        *_OWN_FIELDS,
        "department__code",
        "step__trigger",
        "step__customer_label",
        "step__optional",
        *(f"{relation}__{field}" for relation in USERS for field in _USER_FIELDS),
    )
    return CompiledQuery(OrderStage.objects.filter(order_id=KEY).order_by("sequence").values(*columns))
