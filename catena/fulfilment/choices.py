from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StageState(models.TextChoices):
    """Where one stage of one order stands."""

    PENDING = "pending", _("Pending")  # not reached yet
    ACTIVE = "active", _("In progress")  # the order is in this stage now
    DONE = "done", _("Done")  # finished at ``completed_at``
    SKIPPED = "skipped", _("Skipped")  # an optional stage the order went past


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being prepared by the buyer
    SENT = "sent", _("Sent")  # waiting for the supplier's answer
    CONFIRMED = "confirmed", _("Confirmed")  # the supplier promised a date
    PROPOSED = "proposed", _("Other date proposed")  # the supplier proposed another date
    REJECTED = "rejected", _("Rejected")  # the supplier will not deliver
    PARTIALLY_RECEIVED = "partially_received", _("Partially received")
    RECEIVED = "received", pgettext_lazy("goods received", "Received")  # all goods in
    CANCELLED = "cancelled", pgettext_lazy("purchase order status", "Cancelled")


PO_TRANSITIONS: dict[str, frozenset[str]] = {
    PurchaseOrderStatus.DRAFT: frozenset({PurchaseOrderStatus.SENT, PurchaseOrderStatus.CANCELLED}),
    PurchaseOrderStatus.SENT: frozenset(
        {
            PurchaseOrderStatus.CONFIRMED,
            PurchaseOrderStatus.PROPOSED,
            PurchaseOrderStatus.REJECTED,
            PurchaseOrderStatus.CANCELLED,
        }
    ),
    PurchaseOrderStatus.PROPOSED: frozenset(
        {
            PurchaseOrderStatus.CONFIRMED,  # the buyer accepts the proposed date (or the supplier confirms)
            PurchaseOrderStatus.SENT,  # the buyer insists on the original date
            PurchaseOrderStatus.REJECTED,
            PurchaseOrderStatus.CANCELLED,
        }
    ),
    PurchaseOrderStatus.CONFIRMED: frozenset(
        {
            PurchaseOrderStatus.PARTIALLY_RECEIVED,
            PurchaseOrderStatus.RECEIVED,
            PurchaseOrderStatus.PROPOSED,  # the supplier moves its date: the old promise is broken
            PurchaseOrderStatus.CANCELLED,
        }
    ),
    PurchaseOrderStatus.PARTIALLY_RECEIVED: frozenset({PurchaseOrderStatus.RECEIVED}),
    PurchaseOrderStatus.REJECTED: frozenset(),
    PurchaseOrderStatus.RECEIVED: frozenset(),
    PurchaseOrderStatus.CANCELLED: frozenset(),
}
OPEN_PO_STATUSES = frozenset(
    {
        PurchaseOrderStatus.DRAFT,
        PurchaseOrderStatus.SENT,
        PurchaseOrderStatus.PROPOSED,
        PurchaseOrderStatus.CONFIRMED,
        PurchaseOrderStatus.PARTIALLY_RECEIVED,
    }
)


class SupplierAnswer(models.TextChoices):
    CONFIRM = "confirm", _("Confirm")
    PROPOSE = "propose", _("Propose another date")
    REJECT = "reject", _("Reject")


class WorkOrderStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("work order status", "Planned")
    RELEASED = "released", _("Released")  # materials ready, may start
    IN_PROGRESS = "in_progress", _("In production")
    DONE = "done", _("Finished")
    CANCELLED = "cancelled", pgettext_lazy("work order status", "Cancelled")


WORK_ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    WorkOrderStatus.PLANNED: frozenset(
        {WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.CANCELLED}
    ),
    WorkOrderStatus.RELEASED: frozenset({WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.CANCELLED}),
    WorkOrderStatus.IN_PROGRESS: frozenset({WorkOrderStatus.DONE}),
    WorkOrderStatus.DONE: frozenset(),
    WorkOrderStatus.CANCELLED: frozenset(),
}
OPEN_WORK_ORDER_STATUSES = frozenset(
    {WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS}
)


class ShipmentStatus(models.TextChoices):
    # booked with the carrier, not yet picked up
    PLANNED = "planned", pgettext_lazy("shipment status", "Planned")
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")  # damaged, refused, lost, address problem…
    CANCELLED = "cancelled", pgettext_lazy("shipment status", "Cancelled")


class TrackingEventKind(models.TextChoices):
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")


# what a tracking event does to a shipment's status
EVENT_STATUS: dict[str, str] = {
    TrackingEventKind.PICKED_UP: ShipmentStatus.PICKED_UP,
    TrackingEventKind.IN_TRANSIT: ShipmentStatus.IN_TRANSIT,
    TrackingEventKind.OUT_FOR_DELIVERY: ShipmentStatus.OUT_FOR_DELIVERY,
    TrackingEventKind.DELIVERED: ShipmentStatus.DELIVERED,
    TrackingEventKind.EXCEPTION: ShipmentStatus.EXCEPTION,
}


class EventSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    PORTAL = "portal", _("Portal")
    API = "api", _("API")
    WEBHOOK = "webhook", _("Inbound webhook")


class StepTrigger(models.TextChoices):
    """What completes a stage besides a person moving it: the records behind the order."""

    MANUAL = "manual", _("Moved by hand")
    WORK_ORDERS_PLANNED = "work_orders_planned", _("Every made-to-order line has a work order")
    MATERIALS_RECEIVED = "materials_received", _("Every purchase order for the order is received")
    WORK_ORDERS_DONE = "work_orders_done", _("Every work order is finished")
    SHIPPED = "shipped", _("Every line is shipped (picked up by the carrier)")
    DELIVERED = "delivered", _("Every shipment is delivered")
    INVOICED = "invoiced", _("Invoices cover the order's total")
