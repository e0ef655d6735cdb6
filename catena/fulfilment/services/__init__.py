"""Use cases of the order flow, purchasing, production and shipping (one function each)."""

from catena.fulfilment.services.flow import (
    advance,
    allowed_targets,
    assign_stage,
    move_stage,
    set_status,
    start_flow,
)
from catena.fulfilment.services.orders import place_order, place_order_from_quote, record_invoice
from catena.fulfilment.services.production import plan_production, set_work_order_status
from catena.fulfilment.services.purchasing import (
    POLineInput,
    accept_proposed_date,
    answer_purchase_order,
    cancel_purchase_order,
    create_purchase_order,
    material_needs,
    purchase_materials,
    receive_purchase_order,
    send_purchase_order,
)
from catena.fulfilment.services.shipping import (
    carrier_sla,
    create_shipment,
    record_proof_of_delivery,
    record_tracking_event,
    shipment_for_carrier,
)

__all__ = [
    "POLineInput",
    "accept_proposed_date",
    "advance",
    "allowed_targets",
    "assign_stage",
    "answer_purchase_order",
    "cancel_purchase_order",
    "carrier_sla",
    "create_purchase_order",
    "create_shipment",
    "material_needs",
    "move_stage",
    "place_order",
    "place_order_from_quote",
    "plan_production",
    "purchase_materials",
    "receive_purchase_order",
    "record_invoice",
    "record_proof_of_delivery",
    "record_tracking_event",
    "send_purchase_order",
    "set_status",
    "set_work_order_status",
    "shipment_for_carrier",
    "start_flow",
]
