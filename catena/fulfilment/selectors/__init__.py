"""Reads of the order flow shared by the staff pages, the API, exports and the portal.

Every read goes through the access policy. The order list annotates each row with its stage
name and lateness in the same query; the order 360 reads a bounded number of queries whatever
the size of the order or of the tables (each query follows an indexed foreign key).

One module per topic: ``orders`` (the list), ``order_360`` (one order), ``customer`` (what the
customer is told) and ``partners`` (purchase orders, work orders, shipments, flow templates).
"""

from catena.fulfilment.selectors.customer import (
    CLOSED_WORDS,
    CUSTOMER_FACTS,
    customer_facts,
    customer_status,
    told_stage,
    unconfirmed_stages,
)
from catena.fulfilment.selectors.order_360 import (
    Order360,
    StageRow,
    move_targets,
    order_360,
    order_detail,
    order_stages,
    stage_rows,
    visible_order,
)
from catena.fulfilment.selectors.orders import (
    DEFAULT_ORDER_SORT,
    INTERACTIONS_SHOWN,
    ORDER_SORTS,
    OrderFilter,
    annotated_orders,
    order_list,
    stage_choices,
)
from catena.fulfilment.selectors.partners import (
    purchase_order_detail,
    purchase_order_list,
    shipment_detail,
    shipment_list,
    template_detail,
    template_list,
    work_order_detail,
    work_order_list,
)
from catena.fulfilment.selectors.stage_lines import Stage, StageLine, order_stage_lines

__all__ = [
    "Stage",
    "StageLine",
    "order_stage_lines",
    "CLOSED_WORDS",
    "CUSTOMER_FACTS",
    "DEFAULT_ORDER_SORT",
    "INTERACTIONS_SHOWN",
    "ORDER_SORTS",
    "Order360",
    "OrderFilter",
    "StageRow",
    "annotated_orders",
    "customer_facts",
    "customer_status",
    "move_targets",
    "order_360",
    "order_detail",
    "order_list",
    "order_stages",
    "purchase_order_detail",
    "purchase_order_list",
    "shipment_detail",
    "shipment_list",
    "stage_choices",
    "stage_rows",
    "template_detail",
    "template_list",
    "told_stage",
    "unconfirmed_stages",
    "visible_order",
    "work_order_detail",
    "work_order_list",
]
