"""What search everywhere finds in fulfilment: purchase orders, work orders and shipments by
number, shipments by the carrier's tracking number; and the palette's order commands.

Every look-up is a prefix on an indexed column (the unique numbers' pattern indexes, and
migration ``0008_search_tracking_index`` for tracking numbers), so it reads a few index entries
whatever the table's size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.core import access
from catena.fulfilment.models import PurchaseOrder, Shipment, WorkOrder
from catena.sales.models import SalesOrder
from catena.workspace import search
from catena.workspace.search import Result, first_matches, number_conditions


def _detail(name: str) -> Callable[[int], str]:
    base = reverse(name, args=[0]).removesuffix("0/")
    return lambda pk: f"{base}{pk}/"


def _status_names(model: Any) -> dict[str, str]:
    return {k: str(v) for k, v in model._meta.get_field("status").flatchoices}


def find_purchase_orders(user: Any, query: str, limit: int) -> list[Result]:
    columns = ("pk", "number", "supplier__name", "status")
    visible = PurchaseOrder.objects.for_user(user, access.VIEW)
    rows = first_matches(visible, number_conditions(query, "PO"), columns, limit)
    url, statuses = _detail("fulfilment:po_detail"), _status_names(PurchaseOrder)
    return [
        Result("purchase_order", number, f"{supplier} · {statuses.get(status, status)}", url(pk))
        for pk, number, supplier, status in rows
    ]


def find_work_orders(user: Any, query: str, limit: int) -> list[Result]:
    visible = WorkOrder.objects.for_user(user, access.VIEW)
    rows = first_matches(visible, number_conditions(query, "WO"), ("pk", "number", "status"), limit)
    url, statuses = _detail("fulfilment:wo_detail"), _status_names(WorkOrder)
    return [
        Result("work_order", number, statuses.get(status, status), url(pk)) for pk, number, status in rows
    ]


def find_shipments(user: Any, query: str, limit: int) -> list[Result]:
    """Shipments by number, or by a tracking number the carrier gave (any case)."""
    conditions = number_conditions(query, "SH")
    term = query.replace(" ", "")
    if len(term) >= 4:
        conditions.append(Q(tracking_number__istartswith=term))
    columns = ("pk", "number", "tracking_number", "carrier__name", "status")
    rows = first_matches(Shipment.objects.for_user(user, access.VIEW), conditions, columns, limit)
    url, statuses = _detail("fulfilment:shipment_detail"), _status_names(Shipment)
    return [
        Result(
            "shipment",
            number,
            " · ".join(p for p in (tracking, carrier, statuses.get(status, status)) if p),
            url(pk),
        )
        for pk, number, tracking, carrier, status in rows
    ]


def _list_url(name: str) -> Callable[[str], str]:
    return lambda query: f"{reverse(name)}?{urlencode({'q': query})}"


def register_search() -> None:
    """Register the fulfilment kinds and commands with search everywhere (``AppConfig.ready``)."""
    search.register(
        "purchase_order",
        pgettext_lazy("search kind", "Purchase orders"),
        find_purchase_orders,
        order=32,
        more_url=_list_url("fulfilment:po_list"),
    )
    search.register(
        "shipment",
        pgettext_lazy("search kind", "Shipments"),
        find_shipments,
        order=34,
        more_url=_list_url("fulfilment:shipment_list"),
    )
    search.register("work_order", pgettext_lazy("search kind", "Work orders"), find_work_orders, order=36)
    search.register_command(
        "order_create",
        _("New order"),
        "fulfilment:order_create",
        lambda user: access.can(user, access.ADD, SalesOrder),
        keywords="new order sales order",
        order=30,
    )
    search.register_command(
        "order_list",
        _("Go to orders"),
        "fulfilment:order_list",
        lambda user: access.can(user, access.VIEW, SalesOrder),
        keywords="orders sales orders",
        order=55,
    )
    search.register_command(
        "po_list",
        _("Go to purchase orders"),
        "fulfilment:po_list",
        lambda user: access.can(user, access.VIEW, PurchaseOrder),
        keywords="purchase orders suppliers buying",
        order=70,
    )
    search.register_command(
        "shipment_list",
        _("Go to shipments"),
        "fulfilment:shipment_list",
        lambda user: access.can(user, access.VIEW, Shipment),
        keywords="shipments carriers tracking delivery",
        order=75,
    )
