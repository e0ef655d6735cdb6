"""The order-to-delivery flow: templates of stages and each order's stages (``flow``), purchase
orders to suppliers with their promises (``purchasing``), work orders (``production``), and
shipments with carriers' tracking events (``shipping``). One module per topic; every model is
importable from here."""

from catena.fulfilment.models.flow import (
    FlowStep,
    FlowTemplate,
    OrderStage,
    OrderStageQuerySet,
)
from catena.fulfilment.models.production import (
    WorkOrder,
)
from catena.fulfilment.models.purchasing import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderQuerySet,
    SupplierItem,
    SupplierPromise,
)
from catena.fulfilment.models.shipping import (
    Package,
    Shipment,
    ShipmentLine,
    TrackingEvent,
)

__all__ = [
    "FlowStep",
    "FlowTemplate",
    "OrderStage",
    "OrderStageQuerySet",
    "Package",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderQuerySet",
    "Shipment",
    "ShipmentLine",
    "SupplierItem",
    "SupplierPromise",
    "TrackingEvent",
    "WorkOrder",
]
