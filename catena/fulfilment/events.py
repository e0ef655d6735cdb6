"""The domain events of fulfilment: the order flow, flow templates, purchasing, production and
shipping (declared here, emitted by ``fulfilment.services``)."""

from __future__ import annotations

from pydantic import Field

from catena.core.events import EventPayload, declare

# --- the order flow ---------------------------------------------------------------------------


@declare(
    "order.stage_changed",
    subject="sales.salesorder",
    example={
        "number": "SO-0001207",
        "customer": 7,
        "from": "production",
        "to": "shipping",
        "from_name": "生产",
        "to_name": "发货",
        "backwards": False,
        "late": True,
        "version": 9,
        "note": "",
        "override": "",
        "overridden_facts": [],
    },
)
class OrderStageChanged(EventPayload):
    """An order moved to another stage of its flow (forwards, or back one), by hand or because
    the records behind it completed a stage. Reaching the last stage closes the order (then
    ``order.status_changed`` follows)."""

    number: str
    """The order number."""
    customer: int
    """The customer party."""
    from_: str = Field(alias="from")
    """The code of the stage it left."""
    to: str
    """The code of the stage it is now in."""
    from_name: str
    """The name of the stage it left."""
    to_name: str
    """The name of the stage it is now in."""
    backwards: bool
    """Whether it was moved back."""
    late: bool
    """Whether the stage it left was over its due time."""
    version: int
    """The order's version after the move (send it back with the next change)."""
    note: str
    """The note given with the move (up to 500 characters)."""
    override: str = ""
    """Why a manager moved past a stage whose fact was missing; empty for an ordinary move."""
    overridden_facts: list[str] = []
    """The triggers (``shipped``, ``delivered``, ``invoiced``…) that did not hold when overridden."""


@declare("order.stage_assigned", subject="sales.salesorder", example={"stage": "production", "owner": 12})
class OrderStageAssigned(EventPayload):
    """A stage of an order was given to a user, or its owner was removed."""

    stage: str
    """The stage's code."""
    owner: int | None
    """The user now responsible for it (null: nobody)."""


# --- flow templates ---------------------------------------------------------------------------


@declare(
    "flow_template.created",
    subject="fulfilment.flowtemplate",
    example={"code": "mto-export", "order_type": "make_to_order"},
)
class FlowTemplateCreated(EventPayload):
    """A flow template was created (new orders of its type may follow it)."""

    code: str
    """The template's code."""
    order_type: str
    """The order type it serves."""


@declare(
    "flow_template.changed",
    subject="fulfilment.flowtemplate",
    example={"step": "production", "fields": ["standard_hours"]},
)
class FlowTemplateChanged(EventPayload):
    """A flow template, or one of its steps, changed; running orders keep their stages."""

    fields: list[str] | None = None
    """The fields that changed (of the template, or of ``step``)."""
    step: str | None = None
    """The step whose fields changed."""
    added_step: str | None = None
    """The code of a step that was added."""
    removed_step: str | None = None
    """The code of a step that was removed."""


# --- purchasing -------------------------------------------------------------------------------


class PurchaseOrderPayload(EventPayload):
    number: str
    """The purchase order number."""
    supplier: int
    """The supplier party."""


class SupplierAnswer(PurchaseOrderPayload):
    promised_date: str | None
    """The date the supplier promises (ISO 8601; null when it gave none)."""
    sales_order: int | None
    """The sales order it buys for (null: for stock)."""


class Receipt(PurchaseOrderPayload):
    sales_order: int | None
    """The sales order it buys for (null: for stock)."""


PO_EXAMPLE = {"number": "PO-0000311", "supplier": 9}
ANSWER_EXAMPLE = {**PO_EXAMPLE, "promised_date": "2027-02-14", "sales_order": 1207}


@declare("purchase_order.created", subject="fulfilment.purchaseorder", example=PO_EXAMPLE)
class PurchaseOrderCreated(PurchaseOrderPayload):
    """A purchase order was drafted."""


@declare("purchase_order.sent", subject="fulfilment.purchaseorder", example=PO_EXAMPLE)
class PurchaseOrderSent(PurchaseOrderPayload):
    """A purchase order was sent to the supplier."""


@declare("purchase_order.confirmed", subject="fulfilment.purchaseorder", example=ANSWER_EXAMPLE)
class PurchaseOrderConfirmed(SupplierAnswer):
    """The supplier confirmed a purchase order (with the date it promises)."""


@declare("purchase_order.date_proposed", subject="fulfilment.purchaseorder", example=ANSWER_EXAMPLE)
class PurchaseOrderDateProposed(SupplierAnswer):
    """The supplier proposed another date for a purchase order."""


@declare(
    "purchase_order.rejected",
    subject="fulfilment.purchaseorder",
    example={**PO_EXAMPLE, "promised_date": None, "sales_order": 1207},
)
class PurchaseOrderRejected(SupplierAnswer):
    """The supplier rejected a purchase order."""


@declare(
    "purchase_order.cancelled",
    subject="fulfilment.purchaseorder",
    example={**PO_EXAMPLE, "reason": "Customer order cancelled"},
)
class PurchaseOrderCancelled(PurchaseOrderPayload):
    """A purchase order was cancelled."""

    reason: str
    """Why."""


@declare(
    "purchase_order.partially_received",
    subject="fulfilment.purchaseorder",
    example={**PO_EXAMPLE, "sales_order": 1207},
)
class PurchaseOrderPartiallyReceived(Receipt):
    """Goods of a purchase order were received, and some are still to come."""


@declare(
    "purchase_order.received",
    subject="fulfilment.purchaseorder",
    example={**PO_EXAMPLE, "sales_order": 1207},
)
class PurchaseOrderReceived(Receipt):
    """Every line of a purchase order was received."""


# --- production -------------------------------------------------------------------------------


@declare(
    "work_order.planned",
    subject="fulfilment.workorder",
    example={"number": "WO-0000088", "sales_order": 1207},
)
class WorkOrderPlanned(EventPayload):
    """A work order was planned for a make-to-order line."""

    number: str
    """The work order number."""
    sales_order: int
    """The sales order it produces for."""


@declare(
    "work_order.status_changed",
    subject="fulfilment.workorder",
    example={"number": "WO-0000088", "sales_order": 1207, "status": "in_progress"},
)
class WorkOrderStatusChanged(EventPayload):
    """A work order was released, started, finished or cancelled."""

    number: str
    """The work order number."""
    sales_order: int
    """The sales order it produces for."""
    status: str
    """Its new status (``released``, ``in_progress``, ``done``, ``cancelled``)."""


# --- shipping ---------------------------------------------------------------------------------


@declare(
    "shipment.created",
    subject="fulfilment.shipment",
    example={"number": "SH-0000502", "sales_order": 1207, "carrier": 23},
)
class ShipmentCreated(EventPayload):
    """Goods of an order were handed to a carrier as a shipment."""

    number: str
    """The shipment number."""
    sales_order: int
    """The order it ships."""
    carrier: int
    """The carrier party."""


@declare(
    "shipment.event",
    subject="fulfilment.shipment",
    example={
        "number": "SH-0000502",
        "tracking_number": "SF1234567890",
        "sales_order": 1207,
        "carrier": 23,
        "kind": "in_transit",
        "occurred_at": "2027-01-12T08:30:00+08:00",
        "location": "杭州转运中心",
        "reason": "",
    },
)
class ShipmentEvent(EventPayload):
    """A tracking event of a shipment was recorded (by a user or the carrier's feed)."""

    number: str
    """The shipment number."""
    tracking_number: str
    """The carrier's tracking number (may be empty)."""
    sales_order: int
    """The order it ships."""
    carrier: int
    """The carrier party."""
    kind: str
    """``picked_up``, ``in_transit``, ``out_for_delivery``, ``delivered``, ``exception``, …"""
    occurred_at: str
    """When it happened (ISO 8601 with offset)."""
    location: str
    """Where (may be empty)."""
    reason: str
    """What went wrong, for an exception (may be empty)."""


@declare(
    "shipment.proof_of_delivery",
    subject="fulfilment.shipment",
    example={"number": "SH-0000502", "signed_by": "李伟"},
)
class ShipmentProofOfDelivery(EventPayload):
    """A shipment's proof of delivery was recorded."""

    number: str
    """The shipment number."""
    signed_by: str
    """Who signed for the goods."""
