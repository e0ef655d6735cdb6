"""The supply side of the demo: bills of materials, approved suppliers, and purchase orders
with the suppliers' answers (promises kept or broken) and receipts.

A purchase order is simulated to its end as a list of events, then written as it stands today:
the same transitions, version increments and promise settling as
``catena.fulfilment.services.purchasing`` (a new date breaks the open promise; a full receipt
keeps it when it arrives on or before the promised date).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from catena.catalog.models import Component, Product
from catena.core.money import quantize
from catena.demo import bulk
from catena.demo.pace import EXCELLENT, LATE, factor, hours, working_time
from catena.demo.products import MATERIAL_GROUPS
from catena.demo.records import Event, Line, PurchaseOrder
from catena.fulfilment.choices import EventSource, PurchaseOrderStatus, SupplierAnswer
from catena.fulfilment.models import SupplierItem

Row = dict[str, Any]
# goods that the demo company also builds to order, from a bill of materials
MADE_TO_ORDER_CATEGORIES = frozenset({"空调", "冰箱", "洗衣机", "电动工具"})
ELECTRONICS = ("连接器", "电源模块", "传感器")
PACKAGING = ("纸箱", "缓冲材料")
RAW = ("塑料粒子", "铜材")
ALTERNATIVE_SUPPLIER = 0.4  # of components that have a second approved supplier

# supplier reliability -> (answer delay in hours (low, high), share that proposes another date
# first, share that moves a confirmed date later, share delivered late, days late (low, high))
BEHAVIOUR: dict[str, tuple[tuple[float, float], float, float, float, tuple[int, int]]] = {
    LATE: ((20, 100), 0.3, 0.35, 0.65, (1, 10)),
    "fine": ((2, 30), 0.07, 0.06, 0.12, (1, 3)),
    EXCELLENT: ((0.5, 8), 0.02, 0.01, 0.02, (1, 1)),
}
SOURCES = ((EventSource.STAFF, 50), (EventSource.PORTAL, 35), (EventSource.API, 15))
MOVE_NOTES = (
    "原材料到货延迟，产线排期顺延。",
    "设备检修，交期顺延。",
    "上游供应紧张，需调整交期。",
    "订单排产冲突。",
)
PROPOSE_NOTES = ("现有库存不足，最早可于该日期交货。", "产能已满，建议调整交期。", "")


@dataclass
class Catalog:
    """What the order generator sells and buys: products with prices, bills of materials,
    and the preferred supplier of each component."""

    goods: list[tuple[int, str, Decimal, str]] = field(default_factory=list)  # id, name, price, unit
    made: dict[str, list[tuple[int, str, Decimal, str]]] = field(default_factory=dict)  # by family
    bom: dict[int, list[tuple[int, Decimal]]] = field(default_factory=dict)
    preferred: dict[int, tuple[int, Decimal, int]] = field(default_factory=dict)  # supplier, price, lead
    items_of: dict[int, list[int]] = field(default_factory=dict)  # supplier -> preferred components


def _products() -> list[tuple[Any, ...]]:
    return list(
        Product.objects.order_by("id").values_list(
            "id",
            "name",
            "list_price",
            "standard_cost",
            "unit",
            "is_active",
            "category__name",
            "category__parent__name",
        )  # fmt: skip
    )


def _component_quantity(rng: random.Random, unit: str) -> Decimal:
    if unit == "t":
        return Decimal(rng.randint(2, 30)) / 1000
    if unit == "kg":
        return Decimal(rng.randint(5, 30)) / 10
    if unit == "box":
        return Decimal(rng.randint(5, 50)) / 100
    if unit == "ctn":
        return Decimal(1)
    return Decimal(rng.randint(1, 6))


def _kit(rng: random.Random, by_category: dict[str, list[tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    """The parts one product family is built from: its models share most of them."""
    kit = []
    for group, count in ((ELECTRONICS, 3), (PACKAGING, 1), (RAW, 1)):
        pool = sorted({part for category in group for part in by_category.get(category, ())})
        kit += rng.sample(pool, min(count, len(pool)))
    return kit


def prepare_catalog(
    rng: random.Random, supplier_ids: Sequence[int], *, at: datetime
) -> tuple[Catalog, dict[str, int]]:
    """Give made-to-order products a bill of materials and components a preferred supplier
    where they have none yet, and return the catalog the orders draw from."""
    products = _products()
    by_category: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in products:
        by_category[row[6] or ""].append(row)
    made = [r for r in products if r[6] in MADE_TO_ORDER_CATEGORIES and r[5] and r[2] is not None]
    materials = [r for r in products if (r[7] or r[6]) in MATERIAL_GROUPS]
    counts = {"components": 0, "supplier_items": 0}
    has_bom = set(Component.objects.values_list("product_id", flat=True).distinct())
    components: list[Row] = []
    kits = {category: _kit(rng, by_category) for category in sorted(MADE_TO_ORDER_CATEGORIES)}
    for product in made:
        if product[0] in has_bom:
            continue
        kit = kits[product[6]]
        for part in rng.sample(kit, min(len(kit), rng.randint(2, 4))):
            components.append(
                {
                    "product_id": product[0],
                    "component_id": part[0],
                    "quantity": _component_quantity(rng, part[4]),
                }
            )
    counts["components"] = bulk.insert_rows(Component, components)
    suppliers = sorted(supplier_ids)
    rng.shuffle(suppliers)
    covered = set(SupplierItem.objects.filter(is_preferred=True).values_list("product_id", flat=True))
    items: list[Row] = []
    for index, material in enumerate(m for m in materials if m[0] not in covered):
        if not suppliers:
            break
        cost = material[3] or Decimal(10)
        first = suppliers[index % len(suppliers)]
        others = [s for s in suppliers if s != first]
        chosen_suppliers = [first] + (
            [rng.choice(others)] if others and rng.random() < ALTERNATIVE_SUPPLIER else []
        )
        for rank, supplier_id in enumerate(chosen_suppliers):
            created = at - timedelta(days=rng.randint(380, 1500))
            items.append(
                {
                    "supplier_id": supplier_id,
                    "product_id": material[0],
                    "supplier_sku": f"{material[0] % 97:02d}-{rng.randint(1000, 9999)}",
                    "unit_price": quantize(cost * Decimal(str(round(rng.uniform(0.9, 1.04), 3)))),
                    "lead_time_days": rng.randint(1, 6),
                    "is_preferred": rank == 0,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    counts["supplier_items"] = bulk.insert_rows(SupplierItem, items)
    return _load_catalog(products, made), counts


def _load_catalog(products: list[tuple[Any, ...]], made: list[tuple[Any, ...]]) -> Catalog:
    catalog = Catalog()
    catalog.goods = [
        (r[0], r[1], r[2], r[4])
        for r in products
        if r[5] and r[2] is not None and (r[7] or r[6]) not in MATERIAL_GROUPS
    ]
    for product_id, component_id, quantity in Component.objects.order_by("id").values_list(
        "product_id", "component_id", "quantity"
    ):
        catalog.bom.setdefault(product_id, []).append((component_id, quantity))
    for supplier_id, product_id, price, lead in SupplierItem.objects.filter(is_preferred=True).values_list(
        "supplier_id", "product_id", "unit_price", "lead_time_days"
    ):
        catalog.preferred[product_id] = (supplier_id, price or Decimal(0), lead)
        catalog.items_of.setdefault(supplier_id, []).append(product_id)
    for ids in catalog.items_of.values():
        ids.sort()
    # only products whose every component can be bought are made to order
    for r in made:
        if catalog.bom.get(r[0]) and all(c in catalog.preferred for c, _q in catalog.bom[r[0]]):
            catalog.made.setdefault(r[6], []).append((r[0], r[1], r[2], r[4]))
    return catalog


class Purchasing:
    """Purchase orders for material needs, and how each supplier answers and delivers."""

    def __init__(
        self,
        rng: random.Random,
        catalog: Catalog,
        *,
        reliability: dict[int, str],
        buyers: Sequence[int],
        speed: float,
    ) -> None:
        self.rng = rng
        self.catalog = catalog
        self.reliability = reliability
        self.buyers = list(buyers)
        self.speed = speed
        self.sources = [s for s, _w in SOURCES]
        self.source_weights = [w for _s, w in SOURCES]

    def for_order(self, lines: Sequence[Line], at: datetime) -> list[PurchaseOrder]:
        """One purchase order per preferred supplier for the lines' bills of materials, as
        ``purchase_materials`` groups them, placed once purchasing gets to it after ``at``."""
        needs: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        line_of: dict[tuple[int, int], Line] = {}
        for line in lines:
            for component_id, per_unit in self.catalog.bom.get(line.product_id, ()):
                key = (component_id, line.line_no)
                needs[key] += line.quantity * per_unit
                line_of[key] = line
        grouped: dict[int, list[tuple[int, Decimal, Decimal, Line | None]]] = defaultdict(list)
        for (component_id, line_no), quantity in needs.items():
            supplier_id, price, _lead = self.catalog.preferred[component_id]
            grouped[supplier_id].append((component_id, quantity, price, line_of[(component_id, line_no)]))
        placed = working_time(self.rng, at + hours(self.rng.uniform(0.5, 8) * self.speed))
        return [self.place(supplier_id, grouped[supplier_id], placed) for supplier_id in sorted(grouped)]

    def replenishment(self, supplier_id: int, at: datetime) -> PurchaseOrder:
        """A purchase order for stock: a few of the supplier's components."""
        items = self.catalog.items_of[supplier_id]
        chosen = self.rng.sample(items, min(len(items), self.rng.randint(1, 3)))
        lines: list[tuple[int, Decimal, Decimal, Line | None]] = [
            (pid, Decimal(self.rng.randint(2, 40) * 10), self.catalog.preferred[pid][1], None)
            for pid in sorted(chosen)
        ]
        return self.place(supplier_id, lines, at)

    def place(
        self, supplier_id: int, lines: list[tuple[int, Decimal, Decimal, Line | None]], at: datetime
    ) -> PurchaseOrder:
        lead = max(self.catalog.preferred[pid][2] for pid, _q, _p, _l in lines)
        po = PurchaseOrder(
            supplier_id=supplier_id,
            ordered_at=at,
            needed_by=timezone.localtime(at).date() + timedelta(days=lead),
            buyer_id=self.rng.choice(self.buyers) if self.buyers else None,
            lines=lines,
        )
        self._simulate(po)
        return po

    def _answer(self, po: PurchaseOrder, at: datetime, answer: str, promised: date, note: str = "") -> None:
        source = self.rng.choices(self.sources, weights=self.source_weights)[0]
        by = po.buyer_id if source == EventSource.STAFF else None
        po.events.append(Event(at, "answer", (answer, promised, source, by, note)))

    def _simulate(self, po: PurchaseOrder) -> None:
        rng = self.rng
        kind = self.reliability.get(po.supplier_id, "fine")
        (low, high), propose_first, move_later, late_share, (late_low, late_high) = BEHAVIOUR[kind]
        sent = po.ordered_at + timedelta(minutes=rng.randint(2, 50))
        po.events.append(Event(sent, "sent"))
        answered = working_time(rng, sent + hours(rng.uniform(low, high)))
        if rng.random() < propose_first:
            promised = po.needed_by + timedelta(days=rng.randint(2, 8))
            self._answer(po, answered, SupplierAnswer.PROPOSE, promised, rng.choice(PROPOSE_NOTES))
            answered = working_time(rng, answered + hours(rng.uniform(1, 20)))
            po.events.append(Event(answered, "accept"))
        else:
            promised = po.needed_by
            if kind == LATE and rng.random() < 0.4:
                promised += timedelta(days=rng.randint(1, 3))
            self._answer(po, answered, SupplierAnswer.CONFIRM, promised)
        due = _at_day(promised, 12)
        if rng.random() < move_later and due - answered > timedelta(hours=30):
            moved = working_time(rng, answered + (due - answered) * rng.uniform(0.3, 0.9))
            promised = promised + timedelta(days=rng.randint(2, 10))
            self._answer(po, moved, SupplierAnswer.PROPOSE, promised, rng.choice(MOVE_NOTES))
            answered = working_time(rng, moved + hours(rng.uniform(1, 20)))
            po.events.append(Event(answered, "accept"))
        if rng.random() < late_share:
            arrival = promised + timedelta(days=rng.randint(late_low, late_high))
        elif kind == EXCELLENT:
            arrival = promised - timedelta(days=rng.randint(0, 3))
        else:
            arrival = promised - timedelta(days=rng.choice((0, 0, 0, 1)))
        received = _at_day(arrival, rng.randint(9, 16), rng.randrange(60))
        if received <= answered:
            received = working_time(rng, answered + hours(factor(rng, 3)))
        po.events.append(Event(received, "receive"))

    @staticmethod
    def cancel(po: PurchaseOrder, at: datetime, reason: str) -> None:
        """The sales order was cancelled at ``at``: what had not happened yet never does."""
        if po.received_at is not None and po.received_at <= at:
            return
        po.events = [e for e in po.events if e.at <= at]
        po.events.append(Event(at, "cancel", (reason,)))


def _at_day(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def purchase_order_rows(
    po: PurchaseOrder, clock: datetime, currency: str
) -> tuple[Row, list[Row], list[Row]]:
    """The purchase order, its lines and its promises as they stand at ``clock``."""
    status, version = PurchaseOrderStatus.DRAFT, 1
    sent_at = answered_at = received_at = None
    promised_date: date | None = None
    notes = ""
    promises: list[Row] = []
    updated = po.ordered_at
    for event in po.events:
        if event.at > clock:
            break
        updated = event.at
        version += 1
        if event.kind == "sent":
            status, sent_at = PurchaseOrderStatus.SENT, event.at
        elif event.kind == "answer":
            answer, day, source, by, note = event.data
            for open_promise in promises:
                if open_promise["kept"] is None and open_promise["resolved_at"] is None:
                    open_promise["kept"], open_promise["resolved_at"] = False, event.at
            promises.append(
                {
                    "purchase_order_id": po.pk,
                    "answer": answer,
                    "promised_date": day,
                    "note": note,
                    "answered_at": event.at,
                    "answered_by_id": by,
                    "source": source,
                    "kept": None,
                    "resolved_at": None,
                }  # fmt: skip
            )
            status = (
                PurchaseOrderStatus.CONFIRMED
                if answer == SupplierAnswer.CONFIRM
                else PurchaseOrderStatus.PROPOSED
            )
            promised_date, answered_at = day, event.at  # type: ignore[assignment]
        elif event.kind == "accept":
            status = PurchaseOrderStatus.CONFIRMED
        elif event.kind == "receive":
            status, received_at = PurchaseOrderStatus.RECEIVED, event.at
            received_on = timezone.localtime(event.at).date()
            for promise in promises:
                if promise["kept"] is None and promise["resolved_at"] is None:
                    promise["kept"], promise["resolved_at"] = (
                        received_on <= promise["promised_date"],
                        event.at,
                    )
        elif event.kind == "cancel":
            status, notes = PurchaseOrderStatus.CANCELLED, str(event.data[0])
            for promise in promises:
                if promise["kept"] is None and promise["resolved_at"] is None:
                    promise["resolved_at"] = event.at
    received = status == PurchaseOrderStatus.RECEIVED
    lines = [
        {
            "purchase_order_id": po.pk,
            "line_no": number,
            "product_id": product_id,
            "sales_order_line_id": line.pk if line is not None else None,
            "quantity": quantity,
            "unit_price": price,
            "received_quantity": quantity if received else Decimal(0),
        }  # fmt: skip
        for number, (product_id, quantity, price, line) in enumerate(po.lines, 1)
    ]
    total = quantize(sum((q * p for _pid, q, p, _l in po.lines), Decimal(0)))
    row = {
        "id": po.pk, "number": f"PO-{po.pk:07d}", "supplier_id": po.supplier_id,
        "sales_order_id": po.order.pk if po.order is not None else None, "buyer_id": po.buyer_id,
        "status": str(status), "ordered_at": po.ordered_at, "sent_at": sent_at, "needed_by": po.needed_by,
        "promised_date": promised_date, "answered_at": answered_at, "received_at": received_at,
        "currency": currency, "total_net": total, "version": version, "notes": notes,
        "created_at": po.ordered_at, "updated_at": updated,
    }  # fmt: skip
    return row, lines, promises
