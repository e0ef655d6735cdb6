"""A customer's service requests (cases): the list of its party's cases, one case with the
replies (never our internal notes), a new request and a reply."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.core import access
from catena.parties.models import Party
from catena.portal.forms import CaseReplyForm, CaseRequestForm
from catena.portal.policies import CASES
from catena.portal.views.common import (
    paginate,
    party_record_or_404,
    portal_of,
    portal_page,
    post_form,
    render_list,
    render_portal,
)
from catena.sales.models import SalesOrder
from catena.service import ledger, selectors, services
from catena.service.choices import CaseChannel
from catena.service.forms import EvidenceForm
from catena.service.models import Case
from catena.workspace.models import Attachment
from catena.workspace.services.files import attach_file


def _own_case(user: Any, party: Party, pk: int) -> Case | None:
    case = selectors.visible_case(user, pk)
    return case if case is not None and case.party_id == party.pk else None


@portal_page(section=CASES)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    found = selectors.case_list(portal.user, party=portal.party.pk).order_by("-created_at", "-id")
    return render_list(request, "portal/case_list.html", {"page_obj": paginate(request, found)}, nav=CASES)


def _detail(
    request: HttpRequest,
    case: Case,
    form: CaseReplyForm | None = None,
    status: int = 200,
    file_form: EvidenceForm | None = None,
) -> HttpResponse:
    context = {
        "case": case,
        "conversation": selectors.conversation(request.user, case),
        "promises": ledger.case_promises(request.user, case),
        "form": form or CaseReplyForm(),
        "can_reply": case.merged_into_id is None,
        "files": Attachment.objects.for_user(request.user).present().on(case).order_by("created_at"),
        "file_form": file_form or EvidenceForm(),
    }
    return render_portal(request, "portal/case_detail.html", context, nav=CASES, status=status)


@portal_page(section=CASES)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, party_record_or_404(request, _own_case, pk))


@portal_page(section=CASES)
@require_POST
def case_reply(request: HttpRequest, pk: int) -> HttpResponse:
    case = party_record_or_404(request, _own_case, pk)
    portal = portal_of(request)
    refused = post_form(
        request,
        CaseReplyForm(request.POST),
        lambda data: services.add_reply(case, data["body"], actor=portal.user),
        invalid=lambda form: _detail(request, case, form, status=422),
    )
    if refused is not None:
        return refused
    messages.success(request, _("Thank you: your reply is on %(number)s.") % {"number": case.number})
    return redirect("portal:case_detail", pk=case.pk)


@portal_page(section=CASES)
@require_POST
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo or a document the customer adds to its case (checked by content and size)."""
    case = party_record_or_404(request, _own_case, pk)
    portal = portal_of(request)
    refused = post_form(
        request,
        EvidenceForm(request.POST, request.FILES),
        lambda data: attach_file(case, actor=portal.user, file=data["file"]),
        invalid=lambda form: _detail(request, case, file_form=form, status=422),
    )
    if refused is not None:
        return refused
    messages.success(request, _("The file is attached to %(number)s.") % {"number": case.number})
    return redirect("portal:case_detail", pk=case.pk)


@portal_page(section=CASES)
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    recent = (
        SalesOrder.objects.for_user(portal.user, access.VIEW)
        .filter(customer_id=portal.party.pk)
        .order_by("-created_at", "-id")[:30]
    )
    orders = {order.pk: order for order in recent}
    form = CaseRequestForm(
        request.POST or None,
        orders=[(pk, f"{order.number} · {order.created_at:%Y-%m-%d}") for pk, order in orders.items()],
    )
    if request.method == "POST":
        opened: list[Case] = []

        def open_it(data: dict[str, Any]) -> None:
            order = orders.get(data.get("order") or 0)
            # a complaint about an order is about its latest shipment (where the damage happens)
            shipment = order.shipments.order_by("-created_at").first() if order is not None else None
            links: dict[str, Any] = {"order": order, "shipment": shipment} if order is not None else {}
            opened.append(
                services.open_case(
                    portal.party,
                    actor=portal.user,
                    case_type=data["case_type"],
                    subject=data["subject"],
                    body=data["body"],
                    channel=CaseChannel.PORTAL,
                    **links,
                )
            )

        refused = post_form(
            request,
            form,
            open_it,
            invalid=lambda bad: render_portal(
                request, "portal/case_form.html", {"form": bad}, nav=CASES, status=422
            ),
        )
        if refused is not None:
            return refused
        messages.success(
            request, _("We received your request: its number is %(number)s.") % {"number": opened[0].number}
        )
        return redirect("portal:case_detail", pk=opened[0].pk)
    if not access.can(portal.user, access.ADD, Case):
        return redirect("portal:case_list")
    return render_portal(request, "portal/case_form.html", {"form": form}, nav=CASES)
