"""A customer's returns: "request a return" on a delivered line of its own order, which opens a
return request case with its RMA; the customer follows both on the case's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catena.portal import selectors
from catena.portal.policies import ORDERS
from catena.portal.views.common import party_record_or_404, portal_of, portal_page, post_form, render_portal
from catena.service.forms.returns import ReturnRequestForm
from catena.service.models import ReturnAuthorization
from catena.service.services import returns as services

# the service's field names on the form's
FIELDS = {"lines.0.quantity": "quantity", "lines.0.condition": "condition", "lines.0.order_line": "quantity"}


@portal_page(section=ORDERS)
@require_http_methods(["GET", "POST"])
def return_request(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    order = party_record_or_404(request, selectors.customer_order, pk)
    line = order.lines.select_related("product").filter(pk=line_pk).first()
    if line is None:
        raise Http404
    portal = portal_of(request)
    form = ReturnRequestForm(request.POST or None)
    context = {"order": order, "line": line, "form": form, "policy": services.policy_in_force()}
    if request.method == "POST":
        made: list[ReturnAuthorization] = []
        refused = post_form(
            request,
            form,
            lambda data: made.append(
                services.request_return(
                    order,
                    actor=portal.user,
                    lines=[
                        services.ReturnLineInput(
                            order_line=line, quantity=data["quantity"], condition=data["condition"]
                        )
                    ],
                    reason=data["reason"],
                )
            ),
            invalid=lambda bad: render_portal(
                request, "portal/return_form.html", {**context, "form": bad}, nav=ORDERS, status=422
            ),
            field_names=FIELDS,
        )
        if refused is not None:
            return refused
        rma = made[0]
        messages.success(
            request,
            _("We received your return request %(number)s; we will answer on case %(case)s.")
            % {"number": rma.number, "case": rma.case.number},
        )
        return redirect("portal:case_detail", pk=rma.case_id)
    return render_portal(request, "portal/return_form.html", context, nav=ORDERS)
