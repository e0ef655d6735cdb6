"""Use cases of sales, one module per topic: ``orders`` (the order lifecycle: placing, header,
status, stage, shipped quantities, invoices), ``quotes``, ``leads``, ``opportunities``, ``pricing``
(price lists and customer terms) and ``steps`` (the pipeline's steps, the board's columns).

The order lifecycle's names are importable from here as well (``from catena.sales import services``).
"""

from catena.sales.services.orders import (
    HEADER_FIELDS,
    LineInput,
    change_status,
    clean_lines,
    enter_stage,
    invoiced_amount,
    is_invoiced,
    locked,
    place_order,
    record_invoice,
    record_shipped,
    update_order,
)

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
    "update_order",
]
