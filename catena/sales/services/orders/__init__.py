"""The order lifecycle: place an order, change its header, its status, its current stage, record
its invoices and what has shipped. One module per topic: ``lines`` (an order's lines, checked and
priced), ``placing`` (placing an order, changing its header), ``lifecycle`` (status, stage and
shipped quantities) and ``invoices``; every name is importable from here.

Sales owns the sales order, its lines and its status (ADR 0009). Every status change, from any
app, goes through ``change_status``, which enforces ``STATUS_TRANSITIONS`` and emits
``order.status_changed``; the flow (fulfilment, a higher layer) calls ``enter_stage`` to record the
stage the order is in, and composes placing an order with starting its stages."""

from catena.sales.services.orders.invoices import invoiced_amount, is_invoiced, record_invoice
from catena.sales.services.orders.lifecycle import (
    change_status,
    enter_stage,
    locked,
    record_shipped,
    status_note,
)
from catena.sales.services.orders.lines import LineInput, clean_lines
from catena.sales.services.orders.placing import HEADER_FIELDS, place_order, update_order

__all__ = [
    "HEADER_FIELDS",
    "LineInput",
    "change_status",
    "clean_lines",
    "enter_stage",
    "invoiced_amount",
    "is_invoiced",
    "locked",
    "place_order",
    "record_invoice",
    "record_shipped",
    "status_note",
    "update_order",
]
