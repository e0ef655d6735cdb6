"""Partner tasks on the staff side: asking a suggested partner from the case's page, closing a
task with its outcome or withdrawing it, adding evidence, and the list of every task with the
partners' clocks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core.gate import is_fragment, refused_as_403
from catena.core.versions import StaleVersion
from catena.parties.forms import apply_service_errors
from catena.service import selectors
from catena.service.forms import EvidenceForm, PartnerOutcomeForm, PartnerTaskFilterForm, PartnerTaskForm
from catena.service.models import PartnerTask
from catena.service.services import partners
from catena.service.views.cases import _case, _detail_context, _stale

PAGE_SIZE = 50


def _task(request: HttpRequest, pk: int) -> PartnerTask:
    task = selectors.visible_partner_task(request.user, pk)
    if task is None:
        raise Http404
    return task


def _on_case(case_id: int, task_id: int) -> str:
    return reverse("service:case_detail", args=[case_id]) + f"#task-{task_id}"


def _invalid(request: HttpRequest, task_or_case: Any, **forms: Any) -> HttpResponse:
    case = task_or_case.case if isinstance(task_or_case, PartnerTask) else task_or_case
    context = _detail_context(request, _case(request, case.pk), **forms)
    return render(request, "service/case_detail.html", context, status=422)


@internal_page
@require_POST
def partner_task_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the suggested partner the agent chose (the suggestions are read again, never trusted
    from the form)."""
    case = _case(request, pk)
    form = PartnerTaskForm(request.POST)
    suggestions = partners.suggest_partners(case)
    if form.is_valid():
        index = form.cleaned_data["suggestion"]
        if index >= len(suggestions):
            form.add_error("suggestion", _("Choose one of the suggested partners."))
        else:
            chosen = suggestions[index]
            try:
                with refused_as_403():
                    task = partners.open_partner_task(
                        case,
                        chosen.partner,
                        actor=acting_user(request),
                        partner_role=chosen.role,
                        request=form.cleaned_data["request"],
                        shipment=chosen.shipment,
                        purchase_order=chosen.purchase_order,
                        product=chosen.product,
                    )
            except ValidationError as exc:
                apply_service_errors(form, exc, {"partner": "suggestion", "partner_role": "suggestion"})
            else:
                messages.success(
                    request,
                    _("%(partner)s is asked to answer (%(number)s).")
                    % {"partner": chosen.partner.name, "number": task.number},
                )
                return redirect(_on_case(case.pk, task.pk))
    return _invalid(request, case, partner_form=form)


@internal_page
@require_POST
def partner_task_close(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = PartnerOutcomeForm(request.POST)
    withdraw = request.POST.get("action") == "withdraw"
    if form.is_valid():
        data = form.cleaned_data
        try:
            with refused_as_403():
                if withdraw:
                    partners.withdraw_partner_task(
                        task, actor=acting_user(request), note=data["note"], expected_version=data["version"]
                    )
                else:
                    partners.close_partner_task(
                        task,
                        actor=acting_user(request),
                        outcome=data["outcome"] or "",
                        note=data["note"],
                        expected_version=data["version"],
                    )
        except StaleVersion as exc:
            _stale(request, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc, {"outcome_note": "note"})
            return _invalid(request, task, outcome_form=form, outcome_task=task.pk)
        else:
            done = _("%(number)s was withdrawn.") if withdraw else _("%(number)s is closed.")
            messages.success(request, done % {"number": task.number})
    return redirect(_on_case(task.case_id, task.pk))


@internal_page
@require_POST
def partner_task_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with refused_as_403():
                partners.add_evidence(task, form.cleaned_data["file"], actor=acting_user(request))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The file is attached to %(number)s.") % {"number": task.number})
            return redirect(_on_case(task.case_id, task.pk))
    return _invalid(request, task, evidence_form=form, outcome_task=task.pk)


@internal_page
@require_GET
def partner_task_list(request: HttpRequest) -> HttpResponse:
    """Every task asked of partners: the overdue and the soonest due first."""
    form = PartnerTaskFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.partner_tasks(
        request.user, status=data.get("status") or "", overdue=bool(data.get("overdue"))
    )
    context = {
        "form": form,
        "page_obj": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
        "now": timezone.now(),
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
    }
    template = "service/partner_task_list.html"
    return render(request, template + "#rows" if is_fragment(request) else template, context)
