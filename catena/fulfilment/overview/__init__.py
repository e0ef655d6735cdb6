"""What fulfilment tells on a party's page: its open orders and where they stand in their flow;
for a supplier, its open purchase orders and how often it delivered on time; for a carrier, its
open shipments and its on-time rate. And the party's orders, purchase orders and shipments tabs.

On-time rates count the last twelve months: a purchase order is on time when it was received
by the date the supplier promised (or, without a promise, the date it was needed by); a shipment
when it was delivered by its promised delivery time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.fulfilment.overview.cards import carrier_card, orders_card, supplier_card
from catena.fulfilment.overview.common import SUPPLYING
from catena.fulfilment.overview.tabs import orders_tab, purchase_orders_tab, shipments_tab
from catena.parties import overview
from catena.parties.choices import BUYING_ROLES, PartyRoleType
from catena.parties.overview import Tab

__all__ = ["carrier_card", "orders_card", "register_overview", "supplier_card"]


def register_overview() -> None:
    overview.register_card("orders", orders_card, order=20)
    overview.register_card("supplier", supplier_card, order=30)
    overview.register_card("carrier", carrier_card, order=40)
    overview.register_tab(
        Tab(
            "orders",
            _("Orders"),
            overview.RECORDS_TEMPLATE,
            orders_tab,
            order=30,
            applies=lambda p: overview.has_role(p, *BUYING_ROLES),
        )
    )
    overview.register_tab(
        Tab(
            "purchase_orders",
            _("Purchase orders"),
            overview.RECORDS_TEMPLATE,
            purchase_orders_tab,
            order=31,
            applies=lambda p: overview.has_role(p, *SUPPLYING),
        )
    )
    overview.register_tab(
        Tab(
            "shipments",
            _("Shipments"),
            overview.RECORDS_TEMPLATE,
            shipments_tab,
            order=32,
            applies=lambda p: overview.has_role(p, PartyRoleType.CARRIER),
        )
    )
