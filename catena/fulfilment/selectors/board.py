"""The order board: active orders grouped by the stage of their flow they are in now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from catena.fulfilment.selectors.orders import OrderFilter, order_list, stage_choices
from catena.sales.choices import ACTIVE_STATUSES
from catena.sales.models import SalesOrder

BOARD_COLUMN_LIMIT = 30


@dataclass
class OrderColumn:
    code: str
    name: str
    count: int = 0
    late: int = 0
    cards: list[SalesOrder] = field(default_factory=list)


def order_board(
    user: Any, *, q: str = "", owner: int | None = None, now: datetime | None = None
) -> list[OrderColumn]:
    """One column per stage code of the flow templates (in template order), with the active
    orders ``user`` may see in it: count, late count and the first cards, oldest in the stage
    first. Three queries whatever the number of stages or orders."""
    now = now or timezone.now()
    columns = {code: OrderColumn(code=code, name=name) for code, name in stage_choices()}
    found = order_list(user, OrderFilter(q=q, owner=owner), now=now).filter(
        status__in=ACTIVE_STATUSES, stage__in=list(columns)
    )
    for row in (
        found.order_by().values("stage").annotate(n=Count("pk"), late=Count("pk", filter=Q(is_late=True)))
    ):
        column = columns[row["stage"]]
        column.count, column.late = row["n"], row["late"]
    place = Window(
        RowNumber(), partition_by=[F("stage")], order_by=[F("stage_entered_at").asc(nulls_last=True), F("id")]
    )
    for card in found.annotate(place=place).filter(place__lte=BOARD_COLUMN_LIMIT).order_by("stage", "place"):
        columns[card.stage].cards.append(card)
    return list(columns.values())
