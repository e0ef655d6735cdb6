"""Shipments: the list, a shipment's page, tracking events and proof of delivery recorded by staff."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.core.gate import is_fragment, refused_as_403
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.choices import EventSource, ShipmentStatus
from catena.fulfilment.forms import ProofOfDeliveryForm, ShipmentFilterForm, TrackingEventForm
from catena.fulfilment.models import Shipment
from catena.fulfilment.views.common import ActionOutcome, outcome_of, page_of, pod_file_response
from catena.fulfilment.views.order_360 import respond as respond_on_order


def _int(value: str) -> int | None:
    return int(value) if value.isdecimal() and 0 < int(value) < 2**63 else None


@internal_page
@require_GET
def shipment_list(request: HttpRequest) -> HttpResponse:
    form = ShipmentFilterForm(request.GET or None)
    shipments = selectors.shipment_list(
        request.user,
        status=request.GET.get("status", "") if request.GET.get("status") in ShipmentStatus.values else "",
        carrier=_int(request.GET.get("carrier", "")),
        q=request.GET.get("q", "").strip()[:60],
    )
    context = {
        "page_obj": page_of(request, shipments),
        "filter_form": form,
        "has_filters": any(request.GET.get(k) for k in ("status", "carrier", "q")),
    }
    template = (
        "fulfilment/shipment_list.html#rows" if is_fragment(request) else "fulfilment/shipment_list.html"
    )
    return render(request, template, context)


def _shipment(request: HttpRequest, pk: int) -> Shipment:
    shipment = selectors.shipment_detail(request.user, pk)
    if shipment is None:
        raise Http404
    return shipment


def _context(
    request: HttpRequest, shipment: Shipment, outcome: ActionOutcome | None = None
) -> dict[str, object]:
    may = access.can(request.user, access.CHANGE, shipment)
    shipment.can_track = may and shipment.status not in (ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED)  # type: ignore[attr-defined]
    shipment.can_pod = (  # type: ignore[attr-defined]
        may
        and shipment.status not in (ShipmentStatus.PLANNED, ShipmentStatus.CANCELLED)
        and not shipment.pod_signed_by
    )
    return {
        "shipment": shipment,
        "outcome": outcome,
        "event_form": TrackingEventForm(initial={"version": shipment.version}),
        "pod_form": ProofOfDeliveryForm(),
    }


@internal_page
@require_GET
def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(request, pk)
    return render(request, "fulfilment/shipment_detail.html", _context(request, shipment))


def _respond(request: HttpRequest, shipment: Shipment, outcome: ActionOutcome) -> HttpResponse:
    if request.POST.get("from") == "order":
        return respond_on_order(
            request,
            shipment.sales_order_id,
            outcome,
            action="shipment",
            forms={"shipment_outcomes": {shipment.pk: outcome}},
        )
    if not is_fragment(request):
        outcome.flash(request)
        return redirect("fulfilment:shipment_detail", pk=shipment.pk)
    fresh = _shipment(request, shipment.pk)
    return render(request, "fulfilment/shipment_detail.html#body", _context(request, fresh, outcome))


@internal_page
@require_POST
def shipment_event(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the carrier reported (by phone, e-mail) on the shipment."""
    shipment = _shipment(request, pk)
    form = TrackingEventForm(request.POST)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            event = flow.record_tracking_event(
                shipment,
                actor=acting_user(request),
                kind=form.cleaned_data["kind"],
                occurred_at=form.cleaned_data["occurred_at"],
                location=form.cleaned_data["location"],
                reason=form.cleaned_data["reason"],
                source=EventSource.STAFF,
                expected_version=form.cleaned_data["version"],
            )
            outcome.success = _("Shipment %(number)s: “%(kind)s” recorded.") % {
                "number": shipment.number,
                "kind": event.get_kind_display(),
            }
    else:
        outcome.errors.extend(
            f"{form.fields[f].label}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
            if f in form.fields
        )
    return _respond(request, shipment, outcome)


@internal_page
@require_POST
def shipment_pod(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who signed for the goods, with an optional photo; delivers the shipment."""
    shipment = _shipment(request, pk)
    form = ProofOfDeliveryForm(request.POST, request.FILES)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            flow.record_proof_of_delivery(
                shipment,
                actor=acting_user(request),
                signed_by=form.cleaned_data["signed_by"],
                signed_at=form.cleaned_data["signed_at"],
                photo=form.cleaned_data["photo"],
            )
            outcome.success = _("Proof of delivery recorded.")
    else:
        outcome.errors.extend(
            f"{form.fields[f].label}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
            if f in form.fields
        )
    return _respond(request, shipment, outcome)


@internal_page
@require_GET
def shipment_pod_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The proof-of-delivery photo, to those who may see the shipment."""
    shipment = _shipment(request, pk)
    if not shipment.pod_photo:
        raise Http404
    return pod_file_response(shipment)
