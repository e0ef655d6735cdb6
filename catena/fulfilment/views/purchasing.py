"""Purchase orders (send, record the supplier's answer, accept a proposed date, receive, cancel)
and work orders (release, start, finish, cancel)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.core.gate import is_fragment, refused_as_403
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.choices import (
    PO_TRANSITIONS,
    WORK_ORDER_TRANSITIONS,
    PurchaseOrderStatus,
    WorkOrderStatus,
)
from catena.fulfilment.forms import AnswerForm, PurchaseOrderFilterForm, ReasonForm, WorkOrderFilterForm
from catena.fulfilment.inputs import MAX_QUANTITY
from catena.fulfilment.models import PurchaseOrder, PurchaseOrderLine, WorkOrder
from catena.fulfilment.views.common import ActionOutcome, outcome_of, page_of, version_of

# --- purchase orders -------------------------------------------------------------------------------


@internal_page
@require_GET
def po_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    pos = selectors.purchase_order_list(
        request.user,
        status=status if status in PurchaseOrderStatus.values else "",
        q=request.GET.get("q", "").strip()[:100],
        overdue=request.GET.get("overdue", "") in ("1", "on", "true"),
    )
    context = {
        "page_obj": page_of(request, pos),
        "filter_form": PurchaseOrderFilterForm(request.GET or None),
        "has_filters": any(request.GET.get(k) for k in ("status", "q", "overdue")),
        "po_fields": access.visible_fields(request.user, PurchaseOrder),
    }
    template = "fulfilment/po_list.html#rows" if is_fragment(request) else "fulfilment/po_list.html"
    return render(request, template, context)


def _po(request: HttpRequest, pk: int) -> PurchaseOrder:
    po = selectors.purchase_order_detail(request.user, pk)
    if po is None:
        raise Http404
    return po


def _po_context(
    request: HttpRequest, po: PurchaseOrder, outcome: ActionOutcome | None = None, **forms: Any
) -> dict[str, Any]:
    may = access.can(request.user, access.CHANGE, po)
    next_statuses = PO_TRANSITIONS.get(po.status, frozenset())
    return {
        "po": po,
        "po_fields": access.visible_fields(request.user, PurchaseOrder),
        "line_fields": access.visible_fields(request.user, PurchaseOrderLine),
        "outcome": outcome,
        "can_send": may
        and PurchaseOrderStatus.SENT in next_statuses
        and po.status == PurchaseOrderStatus.DRAFT,
        "can_answer": may
        and po.status
        in (PurchaseOrderStatus.SENT, PurchaseOrderStatus.PROPOSED, PurchaseOrderStatus.CONFIRMED),
        "can_accept": may and po.status == PurchaseOrderStatus.PROPOSED,
        "can_receive": may
        and po.status in (PurchaseOrderStatus.CONFIRMED, PurchaseOrderStatus.PARTIALLY_RECEIVED),
        "can_cancel": may and PurchaseOrderStatus.CANCELLED in next_statuses,
        "answer_form": forms.get("answer") or AnswerForm(initial={"version": po.version}),
        "cancel_form": forms.get("cancel") or ReasonForm(initial={"version": po.version}),
        "kept": sum(1 for p in po.promises.all() if p.kept is True),
        "broken": sum(1 for p in po.promises.all() if p.kept is False),
    }


@internal_page
@require_GET
def po_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "fulfilment/po_detail.html", _po_context(request, _po(request, pk)))


def _respond(
    request: HttpRequest, outcome: ActionOutcome, *, page: str, pk: int, context: Callable[[], dict[str, Any]]
) -> HttpResponse:
    """The answer to an action on the record ``pk`` shown by ``page``: without htmx, back to the
    page with the outcome as messages; with htmx, the page's body read again (``context``)."""
    if not is_fragment(request):
        outcome.flash(request)
        return redirect(f"fulfilment:{page}", pk=pk)
    return render(request, f"fulfilment/{page}.html#body", context())


def _po_respond(request: HttpRequest, pk: int, outcome: ActionOutcome, **forms: Any) -> HttpResponse:
    bound = {k: v for k, v in forms.items() if not outcome.ok and v is not None}
    return _respond(
        request,
        outcome,
        page="po_detail",
        pk=pk,
        context=lambda: _po_context(request, _po(request, pk), outcome, **bound),
    )


def _po_action(
    request: HttpRequest, po: PurchaseOrder, use_case: Callable[..., object], success: str
) -> HttpResponse:
    """Run ``use_case`` on the purchase order as it was when the page showed it (a stale page is
    refused), then answer with ``success`` or why not."""
    outcome = ActionOutcome()
    with refused_as_403(), outcome_of(outcome):
        use_case(po, actor=acting_user(request), expected_version=version_of(request))
        outcome.success = success
    return _po_respond(request, po.pk, outcome)


def _run_form(
    outcome: ActionOutcome,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
    *,
    success: str,
    invalid: str,
) -> None:
    """Hand the form's data to ``write``; a form that is not valid gets only ``invalid``. The
    use case's refusal stays on ``outcome.exc`` for the form's fields."""
    if not form.is_valid():
        outcome.errors.append(invalid)
        return
    with refused_as_403(), outcome_of(outcome):
        write(form.cleaned_data)
        outcome.success = success


@internal_page
@require_POST
def po_send(request: HttpRequest, pk: int) -> HttpResponse:
    po = _po(request, pk)
    return _po_action(
        request, po, flow.send_purchase_order, _("Purchase order %(number)s sent.") % {"number": po.number}
    )


@internal_page
@require_POST
def po_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the supplier's answer (given by phone or e-mail)."""
    po = _po(request, pk)
    form = AnswerForm(request.POST)
    outcome = ActionOutcome()

    def answer(data: dict[str, Any]) -> None:
        flow.answer_purchase_order(
            po,
            actor=acting_user(request),
            answer=data["answer"],
            promised_date=data["promised_date"],
            note=data["note"],
            expected_version=data["version"],
        )

    _run_form(outcome, form, answer, success=_("Answer recorded."), invalid=_("Check the answer."))
    if outcome.exc is not None:
        for field, messages in outcome.exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        outcome.errors = [_("Check the answer.")]
    return _po_respond(request, pk, outcome, answer=form)


@internal_page
@require_POST
def po_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _po_action(
        request, _po(request, pk), flow.accept_proposed_date, _("The proposed date is accepted.")
    )


@internal_page
@require_POST
def po_receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Book goods in: the quantity of each line (``line_<id>``), or everything still open."""
    po = _po(request, pk)
    outcome = ActionOutcome()
    parsed: dict[int, Decimal] = {}
    for line in po.lines.all():
        value = request.POST.get(f"line_{line.pk}", "").strip()
        if not value:
            continue
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or abs(number) > MAX_QUANTITY:
            outcome.errors.append(_("Enter numbers as quantities."))
            break
        parsed[line.pk] = number
    if outcome.ok:
        with refused_as_403(), outcome_of(outcome):
            flow.receive_purchase_order(po, actor=acting_user(request), quantities=parsed or None)
            outcome.success = _("Goods received.")
    return _po_respond(request, pk, outcome)


@internal_page
@require_POST
def po_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    po = _po(request, pk)
    form = ReasonForm(request.POST)
    outcome = ActionOutcome()

    def cancel(data: dict[str, Any]) -> None:
        flow.cancel_purchase_order(
            po, actor=acting_user(request), reason=data["reason"], expected_version=data["version"]
        )

    success = _("Purchase order %(number)s cancelled.") % {"number": po.number}
    _run_form(outcome, form, cancel, success=success, invalid=_("Say why."))
    if outcome.exc is not None and "reason" in outcome.exc.message_dict:
        form.add_error("reason", outcome.exc.message_dict["reason"])
    return _po_respond(request, pk, outcome, cancel=form)


# --- work orders ---------------------------------------------------------------------------------------


@internal_page
@require_GET
def wo_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    wos = selectors.work_order_list(
        request.user,
        status=status if status in WorkOrderStatus.values else "",
        late=request.GET.get("late", "") in ("1", "on", "true"),
    )
    context = {
        "page_obj": page_of(request, wos),
        "filter_form": WorkOrderFilterForm(request.GET or None),
        "has_filters": any(request.GET.get(k) for k in ("status", "late")),
    }
    template = "fulfilment/wo_list.html#rows" if is_fragment(request) else "fulfilment/wo_list.html"
    return render(request, template, context)


def _wo(request: HttpRequest, pk: int) -> WorkOrder:
    wo = selectors.work_order_detail(request.user, pk)
    if wo is None:
        raise Http404
    return wo


def _wo_context(request: HttpRequest, wo: WorkOrder, outcome: ActionOutcome | None = None) -> dict[str, Any]:
    may = access.can(request.user, access.CHANGE, wo)
    return {
        "wo": wo,
        "outcome": outcome,
        "next_statuses": [
            (value, label)
            for value, label in WorkOrderStatus.choices
            if value in WORK_ORDER_TRANSITIONS.get(wo.status, ())
        ]
        if may
        else [],
    }


@internal_page
@require_GET
def wo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "fulfilment/wo_detail.html", _wo_context(request, _wo(request, pk)))


@internal_page
@require_POST
def wo_status(request: HttpRequest, pk: int) -> HttpResponse:
    wo = _wo(request, pk)
    outcome = ActionOutcome()
    with refused_as_403(), outcome_of(outcome):
        changed = flow.set_work_order_status(
            wo,
            actor=acting_user(request),
            status=request.POST.get("status", ""),
            expected_version=version_of(request),
        )
        outcome.success = _("Work order %(number)s is now %(status)s.") % {
            "number": changed.number,
            "status": changed.get_status_display(),
        }
    return _respond(
        request,
        outcome,
        page="wo_detail",
        pk=pk,
        context=lambda: _wo_context(request, _wo(request, pk), outcome),
    )
