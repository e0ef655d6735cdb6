"""Reads of the portal: a party's purchase orders, shipments and orders, its dashboard.

Every query starts from the party of the signed-in user *and* goes through the access policy
(``access.restrict``), so a filter, a search term or an id from another party finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catena.core import access
from catena.fulfilment import selectors as fulfilment_selectors
from catena.fulfilment.choices import OPEN_PO_STATUSES, PurchaseOrderStatus, ShipmentStatus, StageState
from catena.fulfilment.models import OrderStage, PurchaseOrder, Shipment, TrackingEvent
from catena.parties.models import Party
from catena.portal.policies import ORDERS, PURCHASE_ORDERS, SHIPMENTS, PortalContext
from catena.sales.choices import ACTIVE_STATUSES, OrderStatus
from catena.sales.models import SalesOrder

SEARCH_MAX = 60
ATTENTION_LIMIT = 10
# the statuses a supplier may still answer (the service checks the exact transition)
ANSWERABLE_PO_STATUSES = frozenset(
    {PurchaseOrderStatus.SENT, PurchaseOrderStatus.PROPOSED, PurchaseOrderStatus.CONFIRMED}
)
CLOSED_SHIPMENT_STATUSES = frozenset({ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED})


def clean_search(value: Any) -> str:
    return str(value or "").strip()[:SEARCH_MAX]


# --- supplier ----------------------------------------------------------------------------------


def supplier_purchase_orders(
    user: Any, party: Party, *, status: str = "", q: str = ""
) -> QuerySet[PurchaseOrder]:
    """The purchase orders sent to ``party`` (drafts are still ours, so never shown)."""
    rows = access.restrict(
        PurchaseOrder.objects.filter(supplier_id=party.pk).exclude(status=PurchaseOrderStatus.DRAFT), user
    )
    if status == "open":
        rows = rows.filter(status__in=OPEN_PO_STATUSES)
    elif status == "awaiting":
        rows = rows.filter(status=PurchaseOrderStatus.SENT)
    elif status in PurchaseOrderStatus.values:
        rows = rows.filter(status=status)
    q = clean_search(q)
    if q:
        rows = rows.filter(number__icontains=q)
    return rows


def supplier_purchase_order(user: Any, party: Party, pk: int) -> PurchaseOrder | None:
    """One of ``party``'s purchase orders with its lines and promise history, or None."""
    return (
        supplier_purchase_orders(user, party)
        .prefetch_related("lines__product", "promises")
        .filter(pk=pk)
        .first()
    )


# --- carrier -----------------------------------------------------------------------------------


def carrier_shipments(user: Any, party: Party, *, state: str = "", q: str = "") -> QuerySet[Shipment]:
    """The shipments ``party`` carries; ``state`` is ``open`` or ``delivered``."""
    rows = access.restrict(Shipment.objects.filter(carrier_id=party.pk), user).select_related(
        "sales_order", "ship_to"
    )
    if state == "open":
        rows = rows.exclude(status__in=CLOSED_SHIPMENT_STATUSES)
    elif state == "delivered":
        rows = rows.filter(status=ShipmentStatus.DELIVERED)
    q = clean_search(q)
    if q:
        rows = rows.filter(Q(tracking_number__icontains=q) | Q(number__icontains=q))
    return rows


def carrier_shipment(user: Any, party: Party, pk: int) -> Shipment | None:
    return (
        carrier_shipments(user, party)
        .prefetch_related("packages", "events", "lines__order_line__product")
        .filter(pk=pk)
        .first()
    )


def pod_shipment(user: Any, party: Party, pk: int) -> Shipment | None:
    """A shipment whose proof of delivery the user may download: the carrier's own, or one of
    the customer's orders."""
    rows = access.restrict(Shipment.objects.all(), user).filter(
        Q(carrier_id=party.pk) | Q(sales_order__customer_id=party.pk)
    )
    return rows.filter(pk=pk).first()


# --- customer ----------------------------------------------------------------------------------


def customer_orders(user: Any, party: Party, *, state: str = "", q: str = "") -> QuerySet[SalesOrder]:
    """``party``'s own orders; ``state`` is ``active`` or ``done``."""
    rows = access.restrict(SalesOrder.objects.filter(customer_id=party.pk), user)
    if state == "active":
        rows = rows.filter(status__in=ACTIVE_STATUSES)
    elif state == "done":
        rows = rows.exclude(status__in=ACTIVE_STATUSES)
    q = clean_search(q)
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(customer_reference__icontains=q))
    # lines, shipments and invoices: what the order may claim (``order_progress``)
    shipments = (
        access.restrict(Shipment.objects.all(), user).select_related("carrier").order_by("created_at", "id")
    )
    return rows.prefetch_related(
        Prefetch("stages", queryset=OrderStage.objects.select_related("step").order_by("sequence")),
        "lines",
        "invoices",
        Prefetch("shipments", queryset=shipments),
    )


def customer_order(user: Any, party: Party, pk: int) -> SalesOrder | None:
    return (
        customer_orders(user, party)
        .select_related("ship_to")
        .prefetch_related(
            "lines__product",
            Prefetch("shipments__events", queryset=TrackingEvent.objects.order_by("occurred_at", "id")),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class Progress:
    """What a customer reads about an order: the stage it is in, in plain words, and how far along."""

    label: str
    stages: list[OrderStage]
    done: int
    total: int
    unconfirmed: set[int] = field(default_factory=set)  # stages passed without their fact

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def order_progress(order: SalesOrder) -> Progress:
    """Uses the prefetched stages, lines, shipments and invoices: skipped stages are left out, the
    active one is the status.

    No more than the facts say: a stage that stands for a fact the customer reads about (shipped,
    delivered, invoiced) is not shown as done while the fact is missing, and the label is the last
    stage the facts bear out; an order a manager closed without them reads as closed, never as
    delivered or complete."""
    stages = [s for s in order.stages.all() if s.state != StageState.SKIPPED]
    active = next((s for s in stages if s.state == StageState.ACTIVE), None)
    facts = fulfilment_selectors.customer_facts(order)
    unconfirmed = fulfilment_selectors.unconfirmed_stages(order, stages, facts)
    done = sum(1 for s in stages if s.state == StageState.DONE and s.pk not in unconfirmed)
    current = active
    if current is None and stages and all(s.state == StageState.DONE for s in stages):
        current = stages[-1]
    label = ""
    if current is not None:
        told = fulfilment_selectors.told_stage(order, current, stages, facts)
        if told is not current and order.status == OrderStatus.CLOSED:
            label = fulfilment_selectors.CLOSED_WORDS
        elif told is not None:
            label = told.step.customer_label or told.name
        else:
            label = gettext_noop("We have received your order.")
    return Progress(label=label, stages=stages, done=done, total=len(stages), unconfirmed=unconfirmed)


# --- the dashboard -----------------------------------------------------------------------------


@dataclass
class AttentionItem:
    url: str
    title: str
    detail: str
    when: datetime | None
    is_late: bool


def dashboard_counts(portal: PortalContext) -> dict[str, int]:
    user, party = portal.user, portal.party
    counts: dict[str, int] = {}
    if portal.has(PURCHASE_ORDERS):
        counts["awaiting_answer"] = supplier_purchase_orders(user, party, status="awaiting").count()
    if portal.has(SHIPMENTS):
        counts["shipments_open"] = carrier_shipments(user, party, state="open").count()
    if portal.has(ORDERS):
        counts["orders_active"] = access.restrict(
            SalesOrder.objects.filter(customer_id=party.pk, status__in=ACTIVE_STATUSES), user
        ).count()
    return counts


def attention(portal: PortalContext, now: datetime | None = None) -> list[AttentionItem]:
    """What the party should act on or know about now, most urgent first."""
    now = now or timezone.now()
    user, party = portal.user, portal.party
    items: list[AttentionItem] = []
    if portal.has(PURCHASE_ORDERS):
        awaiting = supplier_purchase_orders(user, party, status="awaiting").order_by("needed_by", "id")
        for po in awaiting[:ATTENTION_LIMIT]:
            items.append(
                AttentionItem(
                    url=reverse("portal:purchase_order_detail", args=[po.pk]),
                    title=_("Answer purchase order %(number)s") % {"number": po.number},
                    detail=_("Needed by %(date)s") % {"date": po.needed_by.isoformat()},
                    when=None,
                    is_late=po.needed_by < timezone.localdate(now),
                )
            )
    if portal.has(SHIPMENTS):
        open_rows = carrier_shipments(user, party, state="open").order_by("promised_delivery_at", "id")
        for shipment in open_rows[:ATTENTION_LIMIT]:
            items.append(_shipment_item(shipment, now))
    if portal.has(ORDERS):
        held = access.restrict(
            SalesOrder.objects.filter(
                customer_id=party.pk, status__in=[OrderStatus.ON_HOLD, OrderStatus.BACK_ORDERED]
            ),
            user,
        )
        for order in held[:ATTENTION_LIMIT]:
            items.append(
                AttentionItem(
                    url=reverse("portal:order_detail", args=[order.pk]),
                    title=_("Order %(number)s: %(status)s")
                    % {"number": order.number, "status": order.get_status_display()},
                    detail=order.status_reason,
                    when=None,
                    is_late=False,
                )
            )
        moving = access.restrict(
            Shipment.objects.filter(
                sales_order__customer_id=party.pk,
                status__in=[ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.EXCEPTION],
            ),
            user,
        ).select_related("sales_order")
        for shipment in moving[:ATTENTION_LIMIT]:
            items.append(
                AttentionItem(
                    url=reverse("portal:order_detail", args=[shipment.sales_order_id]),
                    title=_("Order %(number)s: %(status)s")
                    % {"number": shipment.sales_order.number, "status": shipment.get_status_display()},
                    detail=shipment.tracking_number or shipment.number,
                    when=shipment.promised_delivery_at,
                    is_late=shipment.status == ShipmentStatus.EXCEPTION,
                )
            )
    items.sort(key=lambda item: (not item.is_late,))
    return items


def _shipment_item(shipment: Shipment, now: datetime) -> AttentionItem:
    url = reverse("portal:shipment_detail", args=[shipment.pk])
    label = shipment.tracking_number or shipment.number
    if shipment.status == ShipmentStatus.EXCEPTION:
        title, late, when = _("Shipment %(number)s has an exception"), True, shipment.promised_delivery_at
    elif shipment.status == ShipmentStatus.PLANNED:
        when = shipment.promised_pickup_at
        late = when is not None and when < now
        title = _("Pick up shipment %(number)s")
    else:
        when = shipment.promised_delivery_at
        late = when is not None and when < now
        title = _("Deliver shipment %(number)s")
    return AttentionItem(
        url=url,
        title=title % {"number": label},
        detail=_("Order %(number)s") % {"number": shipment.sales_order.number},
        when=when,
        is_late=late,
    )
