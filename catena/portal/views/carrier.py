"""A carrier's shipments: the list, one shipment, posting a tracking event and the proof of delivery.

A carrier sees the order number a shipment belongs to and where it goes, never the order's prices.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.fulfilment.choices import EventSource, ShipmentStatus
from catena.fulfilment.models import Shipment
from catena.fulfilment.services import record_proof_of_delivery, record_tracking_event
from catena.fulfilment.services.shipping import EVENT_FROM
from catena.portal import selectors
from catena.portal.forms import ProofOfDeliveryForm, TrackingEventForm
from catena.portal.policies import SHIPMENTS
from catena.portal.views.common import (
    paginate,
    party_record_or_404,
    portal_of,
    portal_page,
    post_form,
    render_list,
    render_portal,
)

# the events a shipment in a status may take next (the service's own table, read the other way)
EVENT_FROM_KIND_BY_STATUS: dict[str, frozenset[str]] = {
    status: frozenset(kind for kind, sources in EVENT_FROM.items() if status in sources)
    for status in ShipmentStatus.values
}
POD_STATUSES = frozenset(
    {
        ShipmentStatus.PICKED_UP,
        ShipmentStatus.IN_TRANSIT,
        ShipmentStatus.OUT_FOR_DELIVERY,
        ShipmentStatus.EXCEPTION,
        ShipmentStatus.DELIVERED,
    }
)


@portal_page(section=SHIPMENTS)
@require_GET
def shipment_list(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    state = request.GET.get("state", "open")
    state = state if state in ("open", "delivered", "all") else "open"
    q = selectors.clean_search(request.GET.get("q"))
    rows = selectors.carrier_shipments(portal.user, portal.party, state=state, q=q)
    context = {
        "page_obj": paginate(request, rows.order_by("promised_delivery_at", "id")),
        "state": state,
        "q": q,
        "state_filters": [("open", _("To deliver")), ("delivered", _("Delivered")), ("all", _("All"))],
    }
    return render_list(request, "portal/shipment_list.html", context, nav=SHIPMENTS)


def _visible_shipment(request: HttpRequest, pk: int) -> Shipment:
    return party_record_or_404(request, selectors.carrier_shipment, pk)


def _detail(
    request: HttpRequest,
    shipment: Shipment,
    *,
    event_form: TrackingEventForm | None = None,
    pod_form: ProofOfDeliveryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_post_event = shipment.status not in selectors.CLOSED_SHIPMENT_STATUSES
    can_record_pod = shipment.status in POD_STATUSES and shipment.pod_signed_at is None
    return render_portal(
        request,
        "portal/shipment_detail.html",
        {
            "shipment": shipment,
            "can_post_event": can_post_event,
            "can_record_pod": can_record_pod,
            "event_form": event_form
            or TrackingEventForm(
                initial={"version": shipment.version},
                allowed_kinds=EVENT_FROM_KIND_BY_STATUS.get(shipment.status, frozenset()),
            ),
            "pod_form": pod_form or ProofOfDeliveryForm(),
        },
        nav=SHIPMENTS,
        status=status,
    )


@portal_page(section=SHIPMENTS)
@require_GET
def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_shipment(request, pk))


@portal_page(section=SHIPMENTS)
@require_POST
def shipment_event(request: HttpRequest, pk: int) -> HttpResponse:
    """Post what happened to the shipment: picked up, in transit, out for delivery, delivered, exception."""
    shipment = _visible_shipment(request, pk)  # another carrier's shipment: 404, nothing written

    def record(data: dict[str, Any]) -> None:
        record_tracking_event(
            shipment,
            actor=portal_of(request).user,
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            location=data["location"],
            reason=data["reason"],
            source=EventSource.PORTAL,
            expected_version=data["version"],
        )

    refused = post_form(
        request,
        TrackingEventForm(request.POST),
        record,
        invalid=lambda form: _detail(request, shipment, event_form=form, status=422),
        changed=lambda: _detail(request, _visible_shipment(request, pk), status=409),
        changed_message=_(
            "This shipment changed since you opened it (another event was recorded). Nothing "
            "was saved: check its events and post yours again if it is still needed."
        ),
    )
    if refused is not None:
        return refused
    messages.success(
        request, _("Event recorded for %(number)s.") % {"number": shipment.tracking_number or shipment.number}
    )
    return redirect("portal:shipment_detail", pk=shipment.pk)


@portal_page(section=SHIPMENTS)
@require_POST
def shipment_proof_of_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """Who signed for the goods, when, and a photo of the signed note."""
    shipment = _visible_shipment(request, pk)

    def record(data: dict[str, Any]) -> None:
        record_proof_of_delivery(
            shipment,
            actor=portal_of(request).user,
            signed_by=data["signed_by"],
            signed_at=data["signed_at"],
            photo=data["photo"],
            source=EventSource.PORTAL,
        )

    refused = post_form(
        request,
        ProofOfDeliveryForm(request.POST, request.FILES),
        record,
        invalid=lambda form: _detail(request, shipment, pod_form=form, status=422),
    )
    if refused is not None:
        return refused
    messages.success(request, _("Proof of delivery recorded."))
    return redirect("portal:shipment_detail", pk=shipment.pk)
