"""A supplier's purchase orders: the list, one order with its promise history, and the answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from catena.fulfilment.choices import EventSource, PurchaseOrderStatus
from catena.fulfilment.models import PurchaseOrder
from catena.fulfilment.services import answer_purchase_order
from catena.portal import selectors
from catena.portal.forms import PurchaseOrderAnswerForm
from catena.portal.policies import PURCHASE_ORDERS
from catena.portal.views.common import (
    paginate,
    party_record_or_404,
    portal_of,
    portal_page,
    post_form,
    render_list,
    render_portal,
)


def _status_filters() -> list[tuple[str, str]]:
    return [
        ("", _("All")),
        ("awaiting", _("Awaiting your answer")),
        ("open", pgettext("purchase order filter", "Open")),
        (PurchaseOrderStatus.CONFIRMED, str(PurchaseOrderStatus.CONFIRMED.label)),
        (PurchaseOrderStatus.PROPOSED, str(PurchaseOrderStatus.PROPOSED.label)),
        (PurchaseOrderStatus.RECEIVED, str(PurchaseOrderStatus.RECEIVED.label)),
        (PurchaseOrderStatus.REJECTED, str(PurchaseOrderStatus.REJECTED.label)),
        (PurchaseOrderStatus.CANCELLED, str(PurchaseOrderStatus.CANCELLED.label)),
    ]


@portal_page(section=PURCHASE_ORDERS)
@require_GET
def purchase_order_list(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    status = request.GET.get("status", "")
    q = selectors.clean_search(request.GET.get("q"))
    rows = selectors.supplier_purchase_orders(portal.user, portal.party, status=status, q=q)
    context = {
        "page_obj": paginate(request, rows.order_by("-ordered_at", "-id")),
        "status": status,
        "q": q,
        "status_filters": _status_filters(),
    }
    return render_list(request, "portal/purchase_order_list.html", context, nav=PURCHASE_ORDERS)


def _visible_po(request: HttpRequest, pk: int) -> PurchaseOrder:
    return party_record_or_404(request, selectors.supplier_purchase_order, pk)


def _detail(
    request: HttpRequest, po: PurchaseOrder, form: PurchaseOrderAnswerForm | None = None, *, status: int = 200
) -> HttpResponse:
    can_answer = po.status in selectors.ANSWERABLE_PO_STATUSES
    if form is None and can_answer:
        form = PurchaseOrderAnswerForm(
            initial={"version": po.version, "promised_date": po.promised_date or po.needed_by}
        )
    return render_portal(
        request,
        "portal/purchase_order_detail.html",
        {"po": po, "form": form, "can_answer": can_answer},
        nav=PURCHASE_ORDERS,
        status=status,
    )


@portal_page(section=PURCHASE_ORDERS)
@require_GET
def purchase_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_po(request, pk))


@portal_page(section=PURCHASE_ORDERS)
@require_http_methods(["POST"])
def purchase_order_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm with a date, propose another date, or reject with a reason."""
    po = _visible_po(request, pk)  # another supplier's order: 404 before anything is read or written

    def answer(data: dict[str, Any]) -> None:
        answer_purchase_order(
            po,
            actor=portal_of(request).user,
            answer=data["answer"],
            promised_date=data["promised_date"],
            note=data["note"],
            source=EventSource.PORTAL,
            expected_version=data["version"],
        )

    refused = post_form(
        request,
        PurchaseOrderAnswerForm(request.POST),
        answer,
        invalid=lambda form: _detail(request, po, form, status=422),
        changed=lambda: _detail(request, _visible_po(request, pk), status=409),
        changed_message=_(
            "This purchase order changed since you opened it (someone answered or our buyer "
            "changed it). Nothing was saved: check it as it stands now and answer again."
        ),
        field_names={"status": "__all__"},
    )
    if refused is not None:
        return refused
    messages.success(request, _("Thank you: your answer to %(number)s is recorded.") % {"number": po.number})
    return redirect("portal:purchase_order_detail", pk=po.pk)
