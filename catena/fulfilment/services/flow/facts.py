"""The facts that complete a stage (its trigger): whether the records behind an order (work
orders, purchase orders, shipments, invoices) bear them out, and what a missing one is called."""

from __future__ import annotations

from catena.fulfilment.choices import StepTrigger
from catena.fulfilment.models import OrderStage
from catena.sales import services as sales
from catena.sales.models import SalesOrder


def missing_fact(order: SalesOrder, stage: OrderStage) -> str | None:
    """The fact that completes ``stage`` when it is not there yet (its trigger), else None."""
    trigger = stage.step.trigger
    if trigger == StepTrigger.MANUAL or trigger_met(order, trigger):
        return None
    return str(trigger)


def fact_label(trigger: str) -> str:
    return str(StepTrigger(trigger).label) if trigger in StepTrigger.values else trigger


def trigger_met(order: SalesOrder, trigger: str) -> bool:
    """Whether the records behind ``order`` complete a stage with this trigger."""
    from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus, WorkOrderStatus
    from catena.fulfilment.models import PurchaseOrder, Shipment, WorkOrder
    from catena.sales.choices import LineFulfilment

    if trigger == StepTrigger.MANUAL:
        return False
    if trigger == StepTrigger.WORK_ORDERS_PLANNED:
        make_lines = order.lines.filter(fulfilment=LineFulfilment.MAKE)
        return (
            make_lines.exists()
            and not make_lines.exclude(
                work_orders__status__in=[s for s in WorkOrderStatus.values if s != WorkOrderStatus.CANCELLED]
            ).exists()
        )
    if trigger == StepTrigger.MATERIALS_RECEIVED:
        pos = PurchaseOrder.objects.filter(sales_order=order).exclude(
            status__in=[PurchaseOrderStatus.CANCELLED, PurchaseOrderStatus.REJECTED]
        )
        if not pos.exists():
            # no purchase for this order: the materials came from stock once production started
            return WorkOrder.objects.filter(
                sales_order=order, status__in=[WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.DONE]
            ).exists()
        return not pos.exclude(status=PurchaseOrderStatus.RECEIVED).exists()
    if trigger == StepTrigger.WORK_ORDERS_DONE:
        wos = WorkOrder.objects.filter(sales_order=order).exclude(status=WorkOrderStatus.CANCELLED)
        return wos.exists() and not wos.exclude(status=WorkOrderStatus.DONE).exists()
    if trigger == StepTrigger.SHIPPED:
        return (
            not any(line.open_quantity > 0 for line in order.lines.all())
            and Shipment.objects.filter(sales_order=order)
            .exclude(status__in=[ShipmentStatus.PLANNED, ShipmentStatus.CANCELLED])
            .exists()
        )
    if trigger == StepTrigger.INVOICED:
        return sales.is_invoiced(order)
    if trigger == StepTrigger.DELIVERED:
        shipments = Shipment.objects.filter(sales_order=order).exclude(status=ShipmentStatus.CANCELLED)
        return (
            shipments.exists()
            and not any(line.open_quantity > 0 for line in order.lines.all())
            and not shipments.exclude(status=ShipmentStatus.DELIVERED).exists()
        )
    return False
