"""A year of demo sales orders, of both types, with the purchase orders, work orders and
shipments behind them: about 2,500 orders of ~4 lines at scale 1, linear in the scale.

Orders are drafted day by day over the last year (:mod:`catena.demo.demand`). Each is simulated
through its flow
(:mod:`catena.demo.flow`) and written as it stands today, in chunks, through
``catena.demo.bulk`` (COPY on PostgreSQL): memory stays flat at any scale.

Only the most recent ~5 % of orders get the timeline notes the flow services write for every
stage move; writing them for every order would add about ten rows per order.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.core.db import reserve_ids
from catena.core.money import default_currency, quantize
from catena.demo import bulk
from catena.demo.demand import DAYS, Customers, OrderDrafter, moments
from catena.demo.flow import FlowSimulator, order_rows, shipped_quantities, timeline_rows
from catena.demo.pace import DEPARTMENT_SPEED, reliabilities
from catena.demo.pipeline import PipelineSteps, accepted_quote
from catena.demo.production import work_order_row
from catena.demo.records import Order, PurchaseOrder, Step
from catena.demo.shipping import Shipping, shipment_rows
from catena.demo.supply import Purchasing, prepare_catalog, purchase_order_rows
from catena.fulfilment.choices import StepTrigger
from catena.fulfilment.models import (
    FlowStep,
    FlowTemplate,
    OrderStage,
    Package,
    PurchaseOrderLine,
    ShipmentLine,
    SupplierPromise,
    TrackingEvent,
    WorkOrder,
)
from catena.fulfilment.models import PurchaseOrder as PurchaseOrderModel
from catena.fulfilment.models import Shipment as ShipmentModel
from catena.parties.choices import PartyRoleType as R
from catena.parties.choices import PartyStatus
from catena.parties.models import Party
from catena.sales.choices import OrderType
from catena.sales.models import Opportunity, OrderInvoice, Quote, QuoteLine, SalesOrder, SalesOrderLine

Row = dict[str, Any]
ORDERS_PER_SCALE = 2500
REPLENISHMENTS_PER_SCALE = 150  # purchase orders for stock, not for an order
RECENT_SHARE = 0.05
CHUNK = 1000


class OrderSeeder:
    def __init__(
        self,
        rng: Callable[[str], random.Random],
        *,
        scale: float,
        clock: datetime,
        first_party_id: int,
        add: Callable[[str, int], None],
        progress: Callable[[str], None],
    ) -> None:
        self.rng = rng("orders")
        self.scale = scale
        self.clock = clock
        self.add = add
        self.progress = progress
        self.currency = default_currency()
        self.first_day = clock.date() - timedelta(days=DAYS)
        self.customers = Customers(rng("customers"), first_party_id=first_party_id, since=self.first_day)
        users = list(
            User.objects.filter(is_active=True)
            .exclude(role__in=[Role.READ_ONLY, Role.PORTAL_CUSTOMER, Role.PORTAL_PARTNER])
            .order_by("username")
            .values_list("id", "role", "department_id")
        )
        movers: dict[int, list[int]] = {}
        for user_id, _role, department_id in users:
            if department_id is not None:
                movers.setdefault(department_id, []).append(user_id)
        self.logistics = [u for u, role, _d in users if role == Role.LOGISTICS]
        suppliers = list(
            Party.objects.filter(roles__role=R.SUPPLIER)
            .exclude(status__in=[PartyStatus.BLOCKED, PartyStatus.ARCHIVED])
            .order_by("id")
            .values_list("id", flat=True)
            .distinct()
        )
        self.catalog, counts = prepare_catalog(rng("bom"), suppliers, at=clock)
        for name, number in counts.items():
            add(name, number)
        self.purchasing = Purchasing(
            rng("purchasing"),
            self.catalog,
            reliability=reliabilities(rng("suppliers"), sorted(self.catalog.items_of)),
            buyers=[u for u, role, _d in users if role == Role.PURCHASING],
            speed=DEPARTMENT_SPEED["purchasing"],
        )
        self.shipping = Shipping(
            rng("carriers"), logistics=self.logistics, speed=DEPARTMENT_SPEED["logistics"]
        )
        steps, flow_steps = _templates()
        self.flow = FlowSimulator(
            rng("flow"),
            steps=steps,
            flow_steps=flow_steps,
            purchasing=self.purchasing,
            shipping=self.shipping,
            movers=movers,
        )
        self.content_type = ContentType.objects.get_for_model(SalesOrder).pk
        self.pipeline_steps = PipelineSteps.load()
        self.sellers = [u for u, role, _d in users if role == Role.SALES]
        self.drafter = OrderDrafter(
            self.rng,
            self.customers,
            self.catalog,
            lead_days={kind: _lead_days(kind_steps) for kind, kind_steps in steps.items()},
            with_quotes=self.pipeline_steps is not None,
        )
        self.recent = clock - timedelta(days=DAYS * RECENT_SHARE)

    def run(self) -> None:
        if not self.flow.steps or not self.customers.everyone[0] or not self.catalog.goods:
            return
        total = round(ORDERS_PER_SCALE * self.scale)
        chunk: list[Order] = []
        done = 0
        for when in moments(self.rng, self.first_day, total):
            order = self.drafter.draft(when)
            if order is None:
                continue
            self.flow.simulate(order)
            chunk.append(order)
            if len(chunk) >= CHUNK:
                done += self._write(chunk)
                self.progress(_("%(done)d of %(total)d orders") % {"done": done, "total": total})
                chunk = []
        done += self._write(chunk)
        self._replenishments(round(REPLENISHMENTS_PER_SCALE * self.scale))

    # --- writing ---------------------------------------------------------------------------------

    def _write(self, orders: list[Order]) -> int:
        if not orders:
            return 0
        clock = self.clock
        pos = [po for o in orders for po in o.purchase_orders if po.ordered_at <= clock]
        wos = [wo for o in orders for wo in o.work_orders if wo.planned_at <= clock]
        shipments = [s for o in orders for s in o.shipments if s.created <= clock]
        lines = [line for o in orders for line in o.lines]
        batches: tuple[tuple[list[Any], type[Model]], ...] = (
            (orders, SalesOrder), (lines, SalesOrderLine), (pos, PurchaseOrderModel), (wos, WorkOrder),
            (shipments, ShipmentModel),
        )  # fmt: skip
        for items, model in batches:
            for item, pk in zip(items, reserve_ids(model, len(items)), strict=True):
                item.pk = pk
        quoted = [o for o in orders if o.quoted]
        quote_ids = dict(zip((o.pk for o in quoted), reserve_ids(Quote, len(quoted)), strict=True))
        deals = [o for o in quoted if o.quoted == "deal"]
        deal_ids = dict(zip((o.pk for o in deals), reserve_ids(Opportunity, len(deals)), strict=True))
        for order in quoted:
            order.reference = f"QT-{quote_ids[order.pk]:07d} v1"  # as accept_quote_as_order writes it
        order_rows_, line_rows, stage_rows, notes, invoice_rows = [], [], [], [], []
        wo_rows, shipment_rows_, shipment_lines, packages, events = [], [], [], [], []
        for order in orders:
            number = f"SO-{order.pk:07d}"
            header, stages = order_rows(order, clock, number=number)
            stage_rows += stages
            shipped = shipped_quantities(order, clock)
            net = tax = Decimal(0)
            for line in order.lines:
                amount = quantize(line.quantity * line.unit_price * (100 - line.discount_pct) / 100)
                net += amount
                tax += quantize(amount * 13 / 100)
                line_rows.append(
                    {
                        "id": line.pk,
                        "order_id": order.pk,
                        "line_no": line.line_no,
                        "product_id": line.product_id,
                        "description": "",
                        "quantity": line.quantity,
                        "unit_price": line.unit_price,
                        "discount_pct": line.discount_pct,
                        "tax_rate_pct": Decimal(13),
                        "fulfilment": line.fulfilment,
                        "shipped_quantity": shipped.get(line.line_no, Decimal(0)),
                    }  # fmt: skip
                )
            invoiced = next(
                (
                    s
                    for s in order.stages
                    if s.step.trigger == StepTrigger.INVOICED and not s.skipped and s.end and s.end <= clock
                ),
                None,
            )
            if invoiced is not None and invoiced.end is not None:  # the fact behind the invoicing stage
                invoice_rows.append(
                    {
                        "order_id": order.pk,
                        "number": f"INV-{order.pk:07d}",
                        "issued_on": timezone.localdate(invoiced.end),
                        "amount": quantize(net) + quantize(tax),
                        "recorded_by_id": invoiced.by,
                        "created_at": invoiced.end,
                        "updated_at": invoiced.end,
                    }
                )
            order_rows_.append(
                {
                    "id": order.pk,
                    "number": number,
                    "customer_id": order.customer_id,
                    "order_type": order.order_type,
                    "customer_reference": order.reference,
                    "owner_id": order.owner_id,
                    "ordered_at": order.ordered_at,
                    "requested_date": order.requested,
                    "promised_date": order.promised,
                    "ship_to_id": order.ship_to_id,
                    "payment_terms": order.payment_terms,
                    "currency": self.currency,
                    "total_net": quantize(net),
                    "total_tax": quantize(tax),
                    "notes": "",
                    "created_at": order.ordered_at,
                    **header,
                }  # fmt: skip
            )
            wo_rows += [
                work_order_row(wo, order.pk, clock) for wo in order.work_orders if wo.planned_at <= clock
            ]
            for shipment in order.shipments:
                if shipment.created > clock:
                    continue
                row, its_lines, its_packages, its_events = shipment_rows(
                    shipment,
                    order_id=order.pk,
                    ship_to_id=order.ship_to_id,
                    clock=clock,
                    logistics=self.logistics,
                )
                shipment_rows_.append(row)
                shipment_lines += its_lines
                packages += its_packages
                events += its_events
            if order.ordered_at >= self.recent:
                notes += timeline_rows(order, clock, number=number, content_type_id=self.content_type)
        self.add("orders", bulk.insert_with_history(SalesOrder, order_rows_))
        self._write_quotes(quoted, quote_ids, deal_ids)
        self.add("order_lines", bulk.insert_rows(SalesOrderLine, line_rows))
        self.add("order_stages", bulk.insert_rows(OrderStage, stage_rows))
        self.add("invoices", bulk.insert_rows(OrderInvoice, invoice_rows))
        self._write_purchase_orders(pos)
        self.add("work_orders", bulk.insert_with_history(WorkOrder, wo_rows))
        self.add("shipments", bulk.insert_with_history(ShipmentModel, shipment_rows_))
        self.add("shipment_lines", bulk.insert_rows(ShipmentLine, shipment_lines))
        self.add("packages", bulk.insert_rows(Package, packages))
        self.add("tracking_events", bulk.insert_rows(TrackingEvent, events))
        self.add("interactions", bulk.insert_rows(Interaction, notes))
        return len(orders)

    def _write_quotes(self, orders: list[Order], quote_ids: dict[int, int], deal_ids: dict[int, int]) -> None:
        """The accepted quotes the orders were placed from, and the opportunities they won."""
        quotes, lines, deals = [], [], []
        for order in orders:
            assert self.pipeline_steps is not None
            quote, its_lines, deal = accepted_quote(
                self.rng, order, quote_id=quote_ids[order.pk], deal_id=deal_ids.get(order.pk),
                steps=self.pipeline_steps, currency=self.currency,
            )  # fmt: skip
            quotes.append(quote)
            lines += its_lines
            if deal is not None:
                deals.append(deal)
        self.add("opportunities", bulk.insert_with_history(Opportunity, deals))
        self.add("quotes", bulk.insert_with_history(Quote, quotes))
        self.add("quote_lines", bulk.insert_rows(QuoteLine, lines))

    def _write_purchase_orders(self, pos: list[PurchaseOrder]) -> None:
        rows, lines, promises = [], [], []
        for po in pos:
            row, its_lines, its_promises = purchase_order_rows(po, self.clock, self.currency)
            rows.append(row)
            lines += its_lines
            promises += its_promises
        self.add("purchase_orders", bulk.insert_with_history(PurchaseOrderModel, rows))
        self.add("purchase_order_lines", bulk.insert_rows(PurchaseOrderLine, lines))
        self.add("supplier_promises", bulk.insert_rows(SupplierPromise, promises))

    def _replenishments(self, count: int) -> None:
        """Purchase orders for stock over the year, to suppliers in proportion to their items."""
        suppliers = sorted(self.catalog.items_of)
        if not suppliers:
            return
        weights = list(accumulate(len(self.catalog.items_of[s]) for s in suppliers))
        span = (self.clock - timedelta(days=DAYS)).timestamp(), self.clock.timestamp()
        for start in range(0, count, CHUNK):
            pos = []
            for _n in range(min(CHUNK, count - start)):
                supplier = self.rng.choices(suppliers, cum_weights=weights)[0]
                moment = datetime.fromtimestamp(self.rng.uniform(*span), tz=self.clock.tzinfo)
                pos.append(
                    self.purchasing.replenishment(supplier, moment.replace(hour=self.rng.randint(9, 17)))
                )
            pos.sort(key=lambda po: po.ordered_at)
            pos = [po for po in pos if po.ordered_at <= self.clock]
            for po, pk in zip(pos, reserve_ids(PurchaseOrderModel, len(pos)), strict=True):
                po.pk = pk
            self._write_purchase_orders(pos)

    def awaiting_answer(self, supplier_id: int) -> None:
        """A purchase order for stock sent to ``supplier_id`` yesterday, not answered yet."""
        sent = (self.clock - timedelta(days=1)).replace(hour=self.rng.randint(9, 16))
        po = self.purchasing.replenishment(supplier_id, sent)
        po.events = po.events[:1]
        [po.pk] = reserve_ids(PurchaseOrderModel, 1)
        self._write_purchase_orders([po])


def _lead_days(steps: list[Step]) -> int:
    """Standard days from receipt to delivery: what a customer is told to expect."""
    codes = [s.code for s in steps]
    end = codes.index("delivered") + 1 if "delivered" in codes else len(steps)
    return math.ceil(sum(s.standard_hours for s in steps[:end]) / 24)


def _templates() -> tuple[dict[str, list[Step]], dict[str, list[FlowStep]]]:
    """The default flow template of each order type, as simulator steps and as flow steps."""
    steps: dict[str, list[Step]] = {}
    flow_steps: dict[str, list[FlowStep]] = {}
    for template in FlowTemplate.objects.filter(is_default=True):
        rows = list(template.steps.select_related("department").order_by("sequence"))
        if not rows:
            continue
        flow_steps[template.order_type] = rows
        steps[template.order_type] = [
            Step(
                s.pk,
                s.sequence,
                s.code,
                s.name,
                s.department_id,
                s.department.code,
                s.standard_hours,
                s.trigger,
            )
            for s in rows
        ]
    if len(steps) < len(OrderType.values):
        return {}, {}
    return steps, flow_steps
