"""Purchasing, one module per topic: ``orders`` (create, send, cancel and receive purchase
orders), ``materials`` (buying what an order's made-to-order lines need) and ``promises`` (the
suppliers' answers and the promises they make, kept or broken).

Every use case is importable from here as well
(``from catena.fulfilment.services.purchasing import receive_purchase_order``).
"""

from catena.fulfilment.services.purchasing.materials import (
    material_needs,
    purchase_materials,
)
from catena.fulfilment.services.purchasing.orders import (
    POLineInput,
    cancel_purchase_order,
    create_purchase_order,
    receive_purchase_order,
    send_purchase_order,
)
from catena.fulfilment.services.purchasing.promises import (
    accept_proposed_date,
    answer_purchase_order,
    promise_summary,
)

__all__ = [
    "POLineInput",
    "accept_proposed_date",
    "answer_purchase_order",
    "cancel_purchase_order",
    "create_purchase_order",
    "material_needs",
    "promise_summary",
    "purchase_materials",
    "receive_purchase_order",
    "send_purchase_order",
]
