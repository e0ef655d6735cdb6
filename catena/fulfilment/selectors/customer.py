"""What a customer is told about an order, never more than its facts say."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import CharField, Model, Value
from django.utils.translation import gettext_noop

from catena.core.compiled import KEY, CompiledQuery
from catena.core.money import MoneyField
from catena.fulfilment.choices import (
    ShipmentStatus,
    StageState,
    StepTrigger,
)
from catena.fulfilment.models import (
    Shipment,
)
from catena.fulfilment.selectors.stage_lines import Stage
from catena.sales.choices import OrderStatus
from catena.sales.models import OrderInvoice, SalesOrder, SalesOrderLine

# the facts a customer reads about (the goods left, the goods arrived, the invoice was issued)
CUSTOMER_FACTS = frozenset({StepTrigger.SHIPPED, StepTrigger.DELIVERED, StepTrigger.INVOICED})


CLOSED_WORDS = gettext_noop("Your order is closed.")


def customer_facts(
    order: SalesOrder,
    *,
    lines: list[SalesOrderLine] | None = None,
    shipments: list[Shipment] | None = None,
    invoices: list[OrderInvoice] | None = None,
) -> dict[str, bool]:
    """Whether the goods have shipped, arrived and been invoiced (the facts ``trigger_met``
    checks), from the order's lines, shipments and invoices: pass them, or prefetch them to read a
    page of orders in a fixed number of queries."""
    lines = list(order.lines.all()) if lines is None else lines
    all_shipped = bool(lines) and not any(line.open_quantity > 0 for line in lines)
    if shipments is None and invoices is None and not _prefetched(order):
        statuses, amounts = _facts_of(order)
    else:
        found = _parts(order, "shipments", Shipment) if shipments is None else shipments
        statuses = [s.status for s in found]
        amounts = [
            i.amount for i in (_parts(order, "invoices", OrderInvoice) if invoices is None else invoices)
        ]
    live = [status for status in statuses if status != ShipmentStatus.CANCELLED]
    return {
        StepTrigger.SHIPPED: all_shipped and any(status != ShipmentStatus.PLANNED for status in live),
        StepTrigger.DELIVERED: all_shipped
        and bool(live)
        and all(status == ShipmentStatus.DELIVERED for status in live),
        StepTrigger.INVOICED: bool(amounts) and sum(amounts, Decimal(0)) >= order.total_gross,
    }


def _prefetched(order: SalesOrder) -> bool:
    cache = getattr(order, "_prefetched_objects_cache", {})
    return "shipments" in cache or "invoices" in cache


def _facts_of(order: SalesOrder) -> tuple[list[str], list[Decimal]]:
    """The statuses of ``order``'s shipments and the amounts of its invoices, read in one
    statement compiled once: all its facts need of them."""
    statuses: list[str] = []
    amounts: list[Decimal] = []
    for status, amount in _facts_query().run(order.pk):
        if status is None:
            amounts.append(amount)
        else:
            statuses.append(status)
    return statuses, amounts


@functools.cache
def _facts_query() -> CompiledQuery[Any]:
    """One row per shipment (its status) and per invoice (its amount) of the order ``KEY``."""
    shipments = (
        Shipment.objects.filter(sales_order_id=KEY)
        .order_by()
        .values_list("status", Value(None, output_field=MoneyField()))
    )
    invoices = (
        OrderInvoice.objects.filter(order_id=KEY)
        .order_by()
        .values_list(Value(None, output_field=CharField()), "amount")
    )
    return CompiledQuery(shipments.union(invoices, all=True))


M = TypeVar("M", bound=Model)


def _parts(order: SalesOrder, name: str, model: type[M]) -> list[M]:
    """The order's ``name`` rows: as prefetched, or by a query compiled once (the order is in
    the caller's scope already; its facts read the same rows for everyone)."""
    if name in getattr(order, "_prefetched_objects_cache", {}):
        return list(getattr(order, name).all())
    return _order_parts_query(name, model).run(order.pk)


@functools.cache
def _order_parts_query(name: str, model: type[M]) -> CompiledQuery[M]:
    order_field = getattr(SalesOrder, name).field.name  # the rows' key to the order
    return CompiledQuery(model._default_manager.filter(**{order_field: KEY}).order_by("pk"))


def unconfirmed_stages(
    order: SalesOrder, stages: Sequence[Stage], facts: dict[str, bool] | None = None
) -> set[int]:
    """The finished stages whose fact, one the customer reads about (the goods left, the goods
    arrived, the invoice was issued), does not hold: a manager moved the order past them without
    it, or they were moved before the facts were required."""
    claimed = [s for s in stages if s.state == StageState.DONE and s.step.trigger in CUSTOMER_FACTS]
    if not claimed:
        return set()
    facts = facts or customer_facts(order)
    return {s.pk for s in claimed if not facts[s.step.trigger]}


def told_stage(
    order: SalesOrder, current: Stage, stages: Sequence[Stage], facts: dict[str, bool] | None = None
) -> Stage | None:
    """The stage whose words the customer may read: ``current``, unless it or a stage before it
    stands for a fact the customer reads about that does not hold (the delivery stage while the
    goods travel, a stage a manager moved past without its fact); then the last stage before the
    first such one (None when there is none)."""
    reached = [s for s in stages if s.sequence <= current.sequence and s.state != StageState.SKIPPED]
    claims = [s for s in reached if s.step.trigger in CUSTOMER_FACTS]
    if not claims:
        return current
    facts = facts or customer_facts(order)
    missing = next((s for s in claims if not facts[s.step.trigger]), None)
    if missing is None:
        return current
    earlier = [s for s in reached if s.sequence < missing.sequence]
    return earlier[-1] if earlier else None


def customer_status(
    order: SalesOrder,
    current: Stage | None,
    stages: Sequence[Stage] | None = None,
    facts: dict[str, bool] | None = None,
) -> str:
    """What the customer reads about the order (untranslated: the caller translates it).

    Given the stages, never more than the facts say: an order is not "delivered" or "complete"
    unless delivered shipments cover it; one closed without them (a manager's override) is closed."""
    if order.status == OrderStatus.CANCELLED:
        return gettext_noop("Your order has been cancelled.")
    if order.status == OrderStatus.ON_HOLD:
        return gettext_noop("Your order is on hold; we will contact you.")
    if current is not None and stages is not None:
        told = told_stage(order, current, stages, facts)
        if told is not current and order.status == OrderStatus.CLOSED:
            return CLOSED_WORDS
        current = told
    if current is not None and current.step.customer_label:
        return current.step.customer_label
    return gettext_noop("We have received your order.")
