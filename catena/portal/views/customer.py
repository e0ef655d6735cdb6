"""A customer's orders: the list with each order's status in plain words, one order with its
progress, lines, shipments and tracking, and the printable order confirmation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catena.portal import selectors
from catena.portal.policies import ORDERS
from catena.portal.views.common import (
    paginate,
    party_record_or_404,
    portal_of,
    portal_page,
    render_list,
    render_portal,
)
from catena.sales.models import SalesOrder


@portal_page(section=ORDERS)
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    state = request.GET.get("state", "")
    state = state if state in ("active", "done") else ""
    q = selectors.clean_search(request.GET.get("q"))
    page = paginate(request, selectors.customer_orders(portal.user, portal.party, state=state, q=q))
    rows = [(order, selectors.order_progress(order)) for order in page]
    context = {
        "page_obj": page,
        "rows": rows,
        "state": state,
        "q": q,
        "state_filters": [
            ("", _("All")),
            ("active", _("In progress")),
            ("done", _("Completed or cancelled")),
        ],
    }
    return render_list(request, "portal/order_list.html", context, nav=ORDERS)


def _visible_order(request: HttpRequest, pk: int) -> SalesOrder:
    return party_record_or_404(request, selectors.customer_order, pk)


@portal_page(section=ORDERS)
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _visible_order(request, pk)
    return render_portal(
        request,
        "portal/order_detail.html",
        {"order": order, "progress": selectors.order_progress(order)},
        nav=ORDERS,
    )


@portal_page(section=ORDERS)
@require_GET
def order_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    """The order confirmation as a page to print (or save as PDF from the browser)."""
    order = _visible_order(request, pk)
    return render_portal(request, "portal/order_confirmation.html", {"order": order}, nav=ORDERS)
