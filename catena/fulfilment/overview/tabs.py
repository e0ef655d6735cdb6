"""The tabs fulfilment adds to a party's page: its orders, purchase orders and shipments."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core import access
from catena.core.figures import format_money
from catena.fulfilment.choices import ShipmentStatus
from catena.fulfilment.labels import stage_label
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.fulfilment.overview.cards import reads_po_totals
from catena.fulfilment.selectors.orders import OrderFilter, order_list
from catena.parties import overview
from catena.parties.models import Party
from catena.parties.overview import Cell, RecordTable, day, list_url
from catena.sales.models import SalesOrder


def orders_tab(request: Any, party: Party) -> dict[str, Any]:
    user = request.user
    orders: Any = order_list(user, OrderFilter(customer=party.pk))[: overview.TAB_ROWS]
    rows = [
        [
            Cell(o.number, reverse("fulfilment:order_detail", args=[o.pk])),
            Cell(day(o.ordered_at)),
            Cell(str(o.get_status_display())),
            Cell(
                stage_label(o.stage_name, active=o.is_active) if o.stage_name else "—",
                tone="late" if o.is_late else "",
            ),
            Cell(day(o.promised_date)),
            Cell(f"{o.currency} {format_money(o.total_net)}", numeric=True),
        ]
        for o in orders
    ]
    can_add = access.can(user, access.ADD, SalesOrder)
    table = RecordTable(
        title=_("Orders"),
        headings=(
            _("Order number"),
            _("Ordered at"),
            _("Status"),
            _("Stage"),
            _("Promised delivery date"),
            _("Net total"),
        ),
        rows=rows,
        numeric=frozenset({5}),
        empty=_("No orders from this party yet."),
        more_url=list_url("fulfilment:order_list", customer=party.pk),
        more_label=_("All orders of this party"),
        add_url=list_url("fulfilment:order_create", customer=party.pk) if can_add else "",
        add_label=_("Order"),
    )
    return {"table": table}


def purchase_orders_tab(request: Any, party: Party) -> dict[str, Any]:
    totals = reads_po_totals(request.user)
    pos = (
        PurchaseOrder.objects.for_user(request.user, access.VIEW)
        .filter(supplier_id=party.pk)
        .only("pk", "number", "status", "ordered_at", "needed_by", "promised_date", "currency", "total_net")
        .order_by("-ordered_at", "-pk")[: overview.TAB_ROWS]
    )
    rows = [
        [
            Cell(po.number, reverse("fulfilment:po_detail", args=[po.pk])),
            Cell(day(po.ordered_at)),
            Cell(str(po.get_status_display())),
            Cell(day(po.needed_by)),
            Cell(day(po.promised_date)),
        ]
        + ([Cell(f"{po.currency} {format_money(po.total_net)}", numeric=True)] if totals else [])
        for po in pos
    ]
    headings = [_("Purchase order number"), _("Ordered at"), _("Status"), _("Needed by"), _("Promised date")]
    table = RecordTable(
        title=_("Purchase orders"),
        headings=(*headings, _("Net total")) if totals else tuple(headings),
        rows=rows,
        numeric=frozenset({5}),
        empty=_("No purchase orders to this party yet."),
        more_url=list_url("fulfilment:po_list", supplier=party.pk),
        more_label=_("All purchase orders"),
    )
    return {"table": table}


def shipments_tab(request: Any, party: Party) -> dict[str, Any]:
    shipments = (
        Shipment.objects.for_user(request.user, access.VIEW)
        .filter(carrier_id=party.pk)
        .select_related("sales_order")
        .only(
            "pk",
            "number",
            "tracking_number",
            "status",
            "promised_delivery_at",
            "delivered_at",
            "sales_order__number",
            "created_at",
        )
        .order_by("-created_at", "-pk")[: overview.TAB_ROWS]
    )
    rows = [
        [
            Cell(s.number, reverse("fulfilment:shipment_detail", args=[s.pk])),
            Cell(s.sales_order.number if s.sales_order_id else "—"),
            Cell(s.tracking_number or "—"),
            Cell(str(s.get_status_display()), tone="late" if s.status == ShipmentStatus.EXCEPTION else ""),
            Cell(day(s.promised_delivery_at and timezone.localtime(s.promised_delivery_at))),
            Cell(day(s.delivered_at and timezone.localtime(s.delivered_at))),
        ]
        for s in shipments
    ]
    table = RecordTable(
        title=_("Shipments"),
        headings=(
            _("Shipment number"),
            _("Order"),
            _("Tracking number"),
            _("Status"),
            _("Promised delivery"),
            _("Delivered"),
        ),
        rows=rows,
        empty=_("No shipments with this carrier yet."),
        more_url=list_url("fulfilment:shipment_list", carrier=party.pk),
        more_label=_("All shipments"),
    )
    return {"table": table}
