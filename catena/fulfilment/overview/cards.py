"""The cards fulfilment adds to a party's page: open orders, and a supplier's and a carrier's
open work and on-time rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core import access
from catena.core.figures import format_money
from catena.fulfilment.choices import OPEN_PO_STATUSES, PurchaseOrderStatus, ShipmentStatus
from catena.fulfilment.labels import waiting_label
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.fulfilment.overview.common import (
    OPEN_LINES,
    OPEN_SHIPMENT_STATUSES,
    RATE_SAMPLE,
    RATE_WINDOW,
    SUPPLYING,
)
from catena.fulfilment.selectors.orders import OrderFilter, order_list
from catena.parties import overview
from catena.parties.choices import BUYING_ROLES, PartyRoleType
from catena.parties.models import Party
from catena.parties.overview import Card, Figure, Line, list_url
from catena.sales.choices import ACTIVE_STATUSES
from catena.sales.models import SalesOrder


def _rate(on_time: int, measured: int) -> Decimal | None:
    """The share in per cent, to one decimal: 96.4."""
    return (Decimal(on_time * 100) / measured).quantize(Decimal("0.1")) if measured else None


def orders_card(user: Any, party: Party) -> Card | None:
    """The party's open orders: how many, how many late, and the first few with their stage."""
    if not overview.has_role(party, *BUYING_ROLES) or not access.can(user, access.VIEW, SalesOrder):
        return None  # only a buying party places orders
    now = timezone.now()
    # annotated with stage_name, stage_due and is_late (see order_list)
    active: Any = order_list(user, OrderFilter(customer=party.pk), now=now).filter(status__in=ACTIVE_STATUSES)
    counts = active.aggregate(
        open=Count("pk"), late=Count("pk", filter=Q(is_late=True)), value=Sum("total_net")
    )
    lines = [
        Line(
            order.number,
            reverse("fulfilment:order_detail", args=[order.pk]),
            detail=waiting_label(order.stage_name) if order.stage_name else str(order.get_status_display()),
            badge=_("Late") if order.is_late else "",
            tone="late" if order.is_late else "",
            when=order.promised_date,
        )
        for order in active.order_by("-is_late", "promised_date", "-ordered_at")[:OPEN_LINES]
    ]
    orders_url = list_url("fulfilment:order_list", customer=party.pk)
    figures = [
        Figure(
            _("Open orders"),
            counts["open"],
            "count",
            orders_url,
            hint=format_money(counts["value"] or 0) if counts["open"] else "",
        ),
        Figure(
            _("Late orders"),
            counts["late"],
            "count",
            list_url("fulfilment:order_list", customer=party.pk, late="1"),
            tone="late" if counts["late"] else "",
        ),
    ]
    return Card(
        "orders",
        _("Open orders"),
        figures,
        lines,
        more_url=orders_url if counts["open"] > len(lines) else "",
        more_label=_("All orders of this party"),
        empty=_("No open orders."),
    )


def supplier_card(user: Any, party: Party) -> Card | None:
    """A supplier's open purchase orders, the late ones, and its on-time rate over a year."""
    if not overview.has_role(party, *SUPPLYING) or not access.can(user, access.VIEW, PurchaseOrder):
        return None
    today = timezone.localdate()
    since = timezone.now() - RATE_WINDOW
    visible = PurchaseOrder.objects.for_user(user, access.VIEW).filter(supplier_id=party.pk)
    counts = _po_counts(visible, today, since)
    rate = _rate(counts["on_time"], counts["received"])
    late_pos = (
        visible.filter(status__in=OPEN_PO_STATUSES)
        .annotate(due=Coalesce("promised_date", "needed_by"))
        .filter(due__lt=today)
        .only("pk", "number", "status", "promised_date", "needed_by")
        .order_by("due", "pk")[:OPEN_LINES]
    )
    lines = [
        Line(
            po.number,
            reverse("fulfilment:po_detail", args=[po.pk]),
            detail=str(po.get_status_display()),
            badge=_("Late"),
            tone="late",
            when=po.due,  # type: ignore[attr-defined]
        )
        for po in late_pos
    ]
    all_url = list_url("fulfilment:po_list", supplier=party.pk)
    figures = [
        Figure(
            _("Open purchase orders"),
            counts["open"],
            "count",
            all_url,
            # what we pay a supplier gives the margin away: only for those who may read it
            hint=format_money(counts["value"] or 0) if counts["open"] and reads_po_totals(user) else "",
        ),
        Figure(
            _("Late purchase orders"),
            counts["late"],
            "count",
            list_url("fulfilment:po_list", supplier=party.pk, overdue="1"),
            tone="late" if counts["late"] else "",
        ),
        Figure(
            _("Delivered on time"),
            rate,
            "percent",
            hint=_rate_hint(counts["on_time"], counts["received"]),
            tone=_rate_tone(rate),
        ),
    ]
    return Card(
        "supplier",
        _("As a supplier"),
        figures,
        lines,
        more_url=all_url,
        more_label=_("All purchase orders"),
        empty=_("No late purchase orders."),
    )


def reads_po_totals(user: Any) -> bool:
    return "total_net" in access.visible_fields(user, PurchaseOrder)


def _po_counts(visible: Any, today: Any, since: Any) -> dict[str, Any]:
    """Open, late and their value; and of the latest received (at most ``RATE_SAMPLE`` within the
    year), how many came by their date. Each part reads an index of its own (fulfilment 0009):
    the cost does not grow with a supplier's history."""
    due = Coalesce("promised_date", "needed_by")
    counts = (
        visible.filter(status__in=OPEN_PO_STATUSES)
        .annotate(due=due)
        .aggregate(open=Count("pk"), value=Sum("total_net"), late=Count("pk", filter=Q(due__lt=today)))
    )
    latest = (
        visible.filter(status=PurchaseOrderStatus.RECEIVED, received_at__gte=since)
        .order_by("-received_at")
        .annotate(due=due, received_day=TruncDate("received_at"))
        .values_list("received_day", "due")[:RATE_SAMPLE]
    )
    received = list(latest)
    counts["received"] = len(received)
    counts["on_time"] = sum(1 for day, promised in received if promised is not None and day <= promised)
    return counts


def _rate_hint(on_time: int, received: int) -> str:
    if not received:
        return str(_("nothing received in the last 12 months"))
    if received >= RATE_SAMPLE:
        return str(
            _("%(on_time)s of the latest %(count)s received") % {"on_time": on_time, "count": received}
        )
    return str(
        _("%(on_time)s of %(count)s received in the last 12 months") % {"on_time": on_time, "count": received}
    )


def _rate_tone(rate: Decimal | None) -> overview.Tone:
    if rate is None:
        return ""
    return "good" if rate >= 95 else ("warn" if rate >= 80 else "late")


def carrier_card(user: Any, party: Party) -> Card | None:
    """A carrier's open shipments, its exceptions, and its on-time delivery rate over a year."""
    if not overview.has_role(party, PartyRoleType.CARRIER) or not access.can(user, access.VIEW, Shipment):
        return None
    since = timezone.now() - RATE_WINDOW
    visible = Shipment.objects.for_user(user, access.VIEW).filter(carrier_id=party.pk)
    measured = Q(status=ShipmentStatus.DELIVERED, delivered_at__gte=since, promised_delivery_at__isnull=False)
    counts = visible.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_SHIPMENT_STATUSES)),
        exceptions=Count("pk", filter=Q(status=ShipmentStatus.EXCEPTION)),
        measured=Count("pk", filter=measured),
        on_time=Count("pk", filter=measured & Q(delivered_at__lte=F("promised_delivery_at"))),
    )
    rate = _rate(counts["on_time"], counts["measured"])
    troubled = (
        visible.filter(status=ShipmentStatus.EXCEPTION)
        .only("pk", "number", "tracking_number", "status", "promised_delivery_at")
        .order_by("-updated_at")[:OPEN_LINES]
    )
    lines = [
        Line(
            s.number,
            reverse("fulfilment:shipment_detail", args=[s.pk]),
            detail=s.tracking_number,
            badge=s.get_status_display(),
            tone="late",
            when=s.promised_delivery_at,
        )
        for s in troubled
    ]
    all_url = list_url("fulfilment:shipment_list", carrier=party.pk)
    figures = [
        Figure(_("Open shipments"), counts["open"], "count", all_url),
        Figure(
            _("Exceptions"),
            counts["exceptions"],
            "count",
            list_url("fulfilment:shipment_list", carrier=party.pk, status=ShipmentStatus.EXCEPTION),
            tone="late" if counts["exceptions"] else "",
        ),
        Figure(
            _("Delivered on time"),
            rate,
            "percent",
            hint=_("%(on_time)s of %(count)s delivered in the last 12 months")
            % {"on_time": counts["on_time"], "count": counts["measured"]}
            if counts["measured"]
            else _("nothing delivered in the last 12 months"),
            tone=_rate_tone(rate),
        ),
    ]
    return Card(
        "carrier",
        _("As a carrier"),
        figures,
        lines,
        more_url=all_url,
        more_label=_("All shipments"),
        empty=_("No shipment exceptions."),
    )
