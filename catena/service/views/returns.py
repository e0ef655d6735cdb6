"""The returns pages: the list of RMAs, one RMA with its lines, refunds and the steps staff take
(authorise, reject, ship back, receive, inspect, refund, approve, pay), and the return policies
(published by administrators and managers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page, settings_nav, settings_page
from catena.core import access, errors
from catena.parties.models import Party
from catena.service.choices import Disposition, ReturnCondition
from catena.service.forms.returns import (
    RefundForm,
    ReturnFilterForm,
    ReturnNoteForm,
    ReturnPolicyForm,
    ReturnShipmentForm,
)
from catena.service.models import Case, Refund, ReturnAuthorization, ReturnPolicy
from catena.service.services import returns as services

PAGE_SIZE = 50


def _rma(request: HttpRequest, pk: int) -> ReturnAuthorization:
    found = (
        ReturnAuthorization.objects.for_user(request.user, access.VIEW)
        .select_related("case", "order", "party", "policy", "carrier")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@internal_page
@require_GET
def return_list(request: HttpRequest) -> HttpResponse:
    """Every RMA the user may see, the latest first, filtered by status."""
    form = ReturnFilterForm(request.GET or None)
    found = ReturnAuthorization.objects.for_user(request.user, access.VIEW).select_related(
        "party", "order", "case"
    )
    if form.is_valid() and form.cleaned_data["status"]:
        found = found.filter(status=form.cleaned_data["status"])
    page = Paginator(found.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "can_set_policies": access.can(request.user, access.CHANGE, ReturnPolicy),
    }
    return render(request, "service/return_list.html", context)


@internal_page
@require_GET
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rma = _rma(request, pk)
    user = request.user
    lines = list(rma.lines.select_related("order_line__product", "inspected_by"))
    refunds = list(rma.refunds.prefetch_related("approvals__approver").order_by("created_at", "id"))
    for refund in refunds:
        refund.can_approve = services.may_approve(user, refund)  # type: ignore[attr-defined]
    can_change = access.can(user, access.CHANGE, rma)
    context = {
        "rma": rma,
        "lines": lines,
        "refunds": refunds,
        "can_change": can_change,
        "refundable": services.refundable(rma),
        "note_form": ReturnNoteForm(),
        "shipment_form": ReturnShipmentForm(),
        "refund_form": RefundForm(initial={"method": rma.policy.refund_method}),
        "inspection_rows": [(line, f"disposition_{line.pk}", f"note_{line.pk}") for line in lines],
        "dispositions": Disposition.choices,
        "carriers": Party.objects.for_user(user, access.VIEW)
        .filter(roles__role="carrier")
        .order_by("name")[:200],
    }
    return render(request, "service/return_detail.html", context)


def _run(request: HttpRequest, work: Callable[[], Any], done: str) -> None:
    try:
        work()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except access.PermissionDenied as exc:
        known = errors.lookup(exc.code)
        if known is None:
            raise PermissionDenied from exc
        messages.error(request, str(known.message))
    else:
        messages.success(request, done)


@internal_page
@require_POST
def return_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the RMA: authorise, reject, ship, receive, inspect, close or refund."""
    rma = _rma(request, pk)
    actor = acting_user(request)
    post = request.POST
    note = (post.get("note") or "").strip()
    if step == "authorise":
        _run(
            request,
            lambda: services.authorise_return(rma, actor=actor, note=note),
            _("The return is authorised."),
        )
    elif step == "reject":
        _run(
            request,
            lambda: services.reject_return(rma, actor=actor, reason=note),
            _("The return is rejected."),
        )
    elif step == "ship":
        carrier = Party.objects.for_user(actor, access.VIEW).filter(pk=_int(post.get("carrier"))).first()
        _run(
            request,
            lambda: services.record_return_shipment(
                rma, actor=actor, carrier=carrier, tracking_number=post.get("tracking_number", "")
            ),
            _("The return shipment is recorded."),
        )
    elif step == "receive":
        _run(
            request, lambda: services.receive_return(rma, actor=actor), _("The returned goods are received.")
        )
    elif step == "inspect":
        dispositions = {
            line.pk: (post.get(f"disposition_{line.pk}", ""), post.get(f"note_{line.pk}", ""))
            for line in rma.lines.all()
        }
        _run(
            request,
            lambda: services.inspect_return(rma, actor=actor, dispositions=dispositions),
            _("The inspection is recorded."),
        )
    elif step == "close":
        _run(request, lambda: services.close_return(rma, actor=actor), _("The return is closed."))
    elif step == "refund":
        _run(
            request,
            lambda: services.propose_refund(
                rma, actor=actor, amount=post.get("amount", ""), method=post.get("method") or None, note=note
            ),
            _("The refund is proposed."),
        )
    else:
        raise Http404
    return redirect("service:return_detail", pk=rma.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@internal_page
@require_POST
def refund_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Approve, reject or pay a refund."""
    refund = Refund.objects.for_user(request.user, access.VIEW).filter(pk=pk).first()
    if refund is None:
        raise Http404
    actor = acting_user(request)
    note = request.POST.get("note", "")
    if step == "approve":
        _run(
            request,
            lambda: services.approve_refund(refund, actor=actor, note=note),
            _("The refund is approved."),
        )
    elif step == "reject":
        _run(
            request,
            lambda: services.reject_refund(refund, actor=actor, note=note),
            _("The refund is rejected."),
        )
    elif step == "pay":
        _run(
            request, lambda: services.settle_refund(refund, actor=actor), _("The refund is paid or credited.")
        )
    else:
        raise Http404
    return redirect("service:return_detail", pk=refund.rma_id)


@settings_page(ReturnPolicy)
@require_http_methods(["GET", "POST"])
def return_policies(request: HttpRequest) -> HttpResponse:
    """Every version of every return policy, in the settings; administrators and managers (the
    only ones let in) publish a new version."""
    can_publish = access.can(request.user, access.ADD, ReturnPolicy)
    form = ReturnPolicyForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied
        if form.is_valid():
            try:
                policy = services.publish_policy(actor=acting_user(request), **form.cleaned_data)
            except ValidationError as exc:
                for key, found in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, found)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of %(name)s is published.")
                    % {"version": policy.version, "name": policy.name},
                )
                return redirect("service:return_policies")
        status = 422
    policies = ReturnPolicy.objects.for_user(request.user, access.VIEW).order_by("name", "-version")
    context = {
        "form": form,
        "policies": policies,
        "can_publish": can_publish,
        "settings_nav": settings_nav(request.user, "service:return_policies"),
    }
    return render(request, "service/return_policies.html", context, status=status)


@internal_page
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a return on a case about an order: the quantities of its lines to take back, in the
    condition the customer reports; the return policy in force judges it."""
    case = Case.objects.for_user(request.user, access.CHANGE).select_related("order").filter(pk=pk).first()
    if case is None or case.order is None:
        raise Http404
    condition = request.POST.get("condition") or ReturnCondition.DAMAGED
    lines = []
    for line in case.order.lines.all():
        quantity = (request.POST.get(f"quantity_{line.pk}") or "").strip()
        if quantity and quantity != "0":
            lines.append(services.ReturnLineInput(order_line=line, quantity=quantity, condition=condition))
    target = reverse("service:case_detail", args=[case.pk]) + "#returns"
    if not lines:
        messages.error(request, _("Give the quantity to take back of at least one line."))
        return redirect(target)
    try:
        rma = services.request_return(
            case.order,
            actor=acting_user(request),
            lines=lines,
            reason=request.POST.get("reason", ""),
            case=case,
        )
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        messages.error(request, " ".join(str(message) for message in exc.messages))
        return redirect(target)
    messages.success(request, _("Return %(number)s is requested.") % {"number": rma.number})
    return redirect("service:return_detail", pk=rma.pk)
