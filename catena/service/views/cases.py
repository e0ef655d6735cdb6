"""The queue of cases, a new case, and a case's page with its conversation, its SLA clocks, its
partner tasks and its actions (reply, note, status moves, resolve, assign, merge)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.core.errors import stale_version_code
from catena.core.gate import is_fragment, refused_as_403, require
from catena.core.versions import StaleVersion
from catena.parties.forms import apply_service_errors
from catena.parties.models import Party
from catena.sales.models import SalesOrder
from catena.service import selectors, services
from catena.service.choices import CaseStatus, MessageVisibility, PartnerOutcome
from catena.service.forms import (
    AssignForm,
    CaseFilterForm,
    CaseForm,
    EvidenceForm,
    MergeForm,
    MessageForm,
    PartnerTaskForm,
    StatusForm,
)
from catena.service.models import CannedResponse, Case
from catena.service.policies import may_write
from catena.service.services import partners

PAGE_SIZE = 50
DRILL_KEYS = ("root_cause", "carrier", "product", "since", "until", "complaints")


def _case(request: HttpRequest, pk: int) -> Case:
    case = selectors.visible_case(request.user, pk)
    if case is None:
        raise Http404
    return case


@internal_page
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    owner = data.get("owner")
    found = selectors.case_list(
        user,
        q=data.get("q") or "",
        status=data.get("status") or "",
        case_type=data.get("case_type") or "",
        owner=owner.pk if owner else None,
        mine=bool(data.get("mine")),
        party=data.get("party"),
        sla=data.get("sla") or "",
        team=data["team"].pk if data.get("team") else None,
        drill={key: data[key] for key in DRILL_KEYS if data.get(key)},
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
        "can_add": access.can(user, access.ADD, Case),
        "filter_query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        "now": timezone.now(),
    }
    if is_fragment(request):
        return render(request, "service/case_list.html#rows", context)
    return render(request, "service/case_list.html", context)


def _order(party: Party, user: Any, number: str) -> SalesOrder | None:
    number = number.strip()
    if not number:
        return None
    return SalesOrder.objects.for_user(user).filter(customer=party, number__iexact=number).first()


@internal_page
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, Case)
    initial: dict[str, Any] = {}
    if (party_id := request.GET.get("party", "")).isdecimal():
        initial["party"] = int(party_id)
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        party = Party.objects.for_user(request.user).filter(pk=data["party"]).first()
        if party is None:
            form.add_error("party", _("Choose a customer."))
        else:
            order = _order(party, request.user, data["order_number"])
            if data["order_number"].strip() and order is None:
                form.add_error("order_number", _("The customer has no order with this number."))
            else:
                try:
                    with refused_as_403():
                        case = services.open_case(
                            party,
                            actor=acting_user(request),
                            case_type=data["case_type"],
                            subject=data["subject"],
                            body=data["body"],
                            channel=data["channel"],
                            priority=data["priority"],
                            severity=data["severity"],
                            owner=data.get("owner"),
                            assign_by_rules=data.get("assign_by_rules", False),
                            order=order,
                        )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Case %(case)s opened.") % {"case": case.number})
                    return redirect("service:case_detail", pk=case.pk)
    return render(request, "service/case_form.html", {"form": form})


@internal_page
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return render(request, "service/case_detail.html", _detail_context(request, case))


def _detail_context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    user = request.user
    can_change = access.can(user, access.CHANGE, case) and case.merged_into_id is None
    return {
        "case": case,
        "conversation": selectors.conversation(user, case),
        "history": selectors.case_history(case),
        "sla": selectors.case_sla(case),
        "partner_tasks": selectors.case_partner_tasks(user, case),
        "customer": selectors.customer_context(user, case),
        "canned": _canned(user, case) if can_change else [],
        "suggestions": partners.suggest_partners(case) if can_change and case.is_active else [],
        "partner_form": forms.get("partner_form") or PartnerTaskForm(),
        "outcome_form": forms.get("outcome_form"),
        "outcome_task": forms.get("outcome_task"),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "partner_outcomes": PartnerOutcome.choices,
        "can_change": can_change,
        "can_write": can_change and may_write(user, case, MessageVisibility.REPLY),
        "moves": [(value, label) for value, label in CaseStatus.choices if value in case.allowed_statuses()]
        if can_change
        else [],
        "message_form": forms.get("message_form") or MessageForm(),
        "resolve_form": forms.get("resolve_form")
        or StatusForm(initial={"status": CaseStatus.RESOLVED, "version": case.version}),
        "assign_form": forms.get("assign_form")
        or AssignForm(initial={"owner": case.owner_id, "version": case.version}),
        "merge_form": forms.get("merge_form") or MergeForm(initial={"version": case.version}),
        "merge_candidates": selectors.merge_candidates(user, case) if can_change else [],
        "merged_cases": case.merged_cases.for_user(user).only("pk", "number", "subject"),
        "resolving": forms.get("resolving", False),
    }


def _canned(user: Any, case: Case) -> list[CannedResponse]:
    """The canned responses, those in the case's language first."""
    found = CannedResponse.objects.for_user(user).filter(is_active=True)
    return sorted(found, key=lambda response: (response.language != case.language, response.title))


def _stale(request: HttpRequest, exc: StaleVersion) -> None:
    messages.error(request, str(stale_version_code(exc.obj).message))


@internal_page
@require_POST
def case_message(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = MessageForm(request.POST)
    visibility = request.POST.get("visibility", MessageVisibility.REPLY)
    if visibility not in MessageVisibility.values:
        visibility = MessageVisibility.REPLY
    if form.is_valid():
        write = services.add_note if visibility == MessageVisibility.NOTE else services.add_reply
        try:
            with refused_as_403():
                write(case, form.cleaned_data["body"], actor=acting_user(request))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("service:case_detail", pk=case.pk)
    context = _detail_context(request, case, message_form=form)
    return render(request, "service/case_detail.html", context, status=422)


@internal_page
@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with refused_as_403():
                services.change_status(
                    case,
                    data["status"],
                    actor=acting_user(request),
                    expected_version=data.get("version"),
                    root_cause=data.get("root_cause") or "",
                    resolution=data.get("resolution") or "",
                )
        except StaleVersion as exc:
            _stale(request, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            context = _detail_context(request, case, resolve_form=form, resolving=True)
            return render(request, "service/case_detail.html", context, status=422)
        else:
            messages.success(request, _("Case %(case)s is now “%(status)s”.") % {
                "case": case.number, "status": CaseStatus(data["status"]).label,
            })  # fmt: skip
    return redirect("service:case_detail", pk=case.pk)


@internal_page
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            with refused_as_403():
                services.assign(
                    case,
                    form.cleaned_data["owner"],
                    actor=acting_user(request),
                    expected_version=form.cleaned_data.get("version"),
                )
        except StaleVersion as exc:
            _stale(request, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return render(
                request,
                "service/case_detail.html",
                _detail_context(request, case, assign_form=form),
                status=422,
            )
        return redirect("service:case_detail", pk=case.pk)
    return render(
        request, "service/case_detail.html", _detail_context(request, case, assign_form=form), status=422
    )


@internal_page
@require_POST
def case_merge(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        survivor = (
            Case.objects.for_user(request.user, access.CHANGE).filter(pk=form.cleaned_data["into"]).first()
        )
        if survivor is None:
            form.add_error("into", _("No such case."))
        else:
            try:
                with refused_as_403():
                    services.merge(
                        case,
                        survivor,
                        actor=acting_user(request),
                        expected_version=form.cleaned_data.get("version"),
                    )
            except StaleVersion as exc:
                _stale(request, exc)
                return redirect("service:case_detail", pk=case.pk)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Case %(case)s was merged into %(into)s.") % {
                    "case": case.number, "into": survivor.number,
                })  # fmt: skip
                return redirect("service:case_detail", pk=survivor.pk)
    return render(
        request, "service/case_detail.html", _detail_context(request, case, merge_form=form), status=422
    )
