"""Orders, purchase orders and shipments with chosen timestamps, for exact flow figures.

Orders are placed through the sales service (which starts their flow); the times of their stages,
purchase orders and shipments are then set on the rows, so a test knows every duration.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

# Importing the fulfilment services connects the receiver that starts an order's flow when it is
# placed (nothing else loads it in a test that does not touch the fulfilment services itself).
from catena.fulfilment import services as _fulfilment_services  # noqa: F401
from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus, StageState, SupplierAnswer
from catena.fulfilment.models import OrderStage, PurchaseOrder, Shipment, SupplierPromise
from catena.fulfilment.tests.scenario import Chain, stock_order
from catena.parties.models import Party
from catena.sales.models import SalesOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the test settings' time zone
_numbers = count(1)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def order(chain: Chain, *, ordered_at: datetime | None = None, requested: date | None = None) -> SalesOrder:
    placed = stock_order(chain, ordered_at=ordered_at)
    SalesOrder.objects.filter(pk=placed.pk).update(requested_date=requested)
    placed.requested_date = requested
    return placed


def finish_stage(
    placed: SalesOrder,
    code: str,
    *,
    started: datetime,
    took: float,
    due_after: float | None = None,
    state: str = StageState.DONE,
) -> None:
    """Stage ``code`` of ``placed`` ran from ``started`` for ``took`` hours (due ``due_after``
    hours after it started, if given)."""
    OrderStage.objects.filter(order=placed, code=code).update(
        state=state,
        started_at=started,
        completed_at=started + hours(took),
        due_at=started + hours(due_after) if due_after is not None else None,
    )


def deliver(placed: SalesOrder, *, ordered: datetime, delivered: datetime, requested: date | None) -> None:
    """The order was placed at ``ordered`` and its delivery stage finished at ``delivered``."""
    SalesOrder.objects.filter(pk=placed.pk).update(ordered_at=ordered, requested_date=requested)
    OrderStage.objects.filter(order=placed, code="delivered").update(
        state=StageState.DONE, started_at=delivered - hours(24), completed_at=delivered
    )


def purchase_order(
    supplier: Party,
    *,
    sent: datetime,
    received: datetime | None,
    needed_by: date,
    promised: date | None = None,
) -> PurchaseOrder:
    return PurchaseOrder.objects.create(
        number=f"PO-T{next(_numbers):05d}",
        supplier=supplier,
        status=PurchaseOrderStatus.RECEIVED if received else PurchaseOrderStatus.CONFIRMED,
        ordered_at=sent,
        sent_at=sent,
        received_at=received,
        needed_by=needed_by,
        promised_date=promised,
    )


def promise(po: PurchaseOrder, *, kept: bool | None, on: date) -> SupplierPromise:
    return SupplierPromise.objects.create(
        purchase_order=po, answer=SupplierAnswer.CONFIRM, promised_date=on, kept=kept
    )


def shipment(
    placed: SalesOrder,
    carrier: Party,
    *,
    promised_pickup: datetime | None,
    promised_delivery: datetime | None,
    picked_up: datetime | None,
    delivered: datetime | None,
    status: str | None = None,
) -> Shipment:
    if status is None:
        status = (
            ShipmentStatus.DELIVERED
            if delivered
            else ShipmentStatus.IN_TRANSIT
            if picked_up
            else ShipmentStatus.PLANNED
        )
    return Shipment.objects.create(
        number=f"SH-T{next(_numbers):05d}",
        sales_order=placed,
        carrier=carrier,
        status=status,
        promised_pickup_at=promised_pickup,
        promised_delivery_at=promised_delivery,
        picked_up_at=picked_up,
        delivered_at=delivered,
    )
