"""Lead pages: the list with filters, the form, and the detail page with qualify, disqualify and
convert."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, require
from catena.parties.forms import apply_service_errors
from catena.sales.forms.pipeline import LeadConvertForm, LeadFilterForm, LeadForm, LeadQualifyForm, ReasonForm
from catena.sales.models import Lead, Opportunity
from catena.sales.selectors import pipeline as selectors
from catena.sales.services import leads as lead_services

PAGE_SIZE = 50


@internal_page
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LeadFilterForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    owner = data.get("owner")
    leads = selectors.lead_list(
        user,
        q=(data.get("q") or "").strip(),
        status=data.get("status") or "",
        source=data.get("source") or "",
        owner=owner.pk if owner else None,
    )
    page = Paginator(leads, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "has_filters": any(v for k, v in request.GET.items() if k != "page"),
        "can_add": access.can(user, access.ADD, Lead),
        "filter_query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    if is_fragment(request):
        return render(request, "sales/lead_list.html#rows", context)
    return render(request, "sales/lead_list.html", context)


def _lead_form_page(request: HttpRequest, form: LeadForm, lead: Lead | None) -> HttpResponse:
    return render(request, "sales/lead_form.html", {"form": form, "lead": lead})


@internal_page
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, Lead)
    form = LeadForm(request.POST or None, user=request.user, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                lead = lead_services.create_lead(actor=acting_user(request), **form.service_arguments())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Lead “%(name)s” created.") % {"name": lead})
            return redirect("sales:lead_detail", pk=lead.pk)
    return _lead_form_page(request, form, None)


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(Lead, require=access.CHANGE)
def lead_edit(request: HttpRequest, lead: Lead) -> HttpResponse:
    initial = {f: getattr(lead, f) for f in LeadForm.base_fields if f != "owner"} | {"owner": lead.owner_id}
    form = LeadForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                lead_services.update_lead(lead, actor=acting_user(request), **form.service_arguments())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Lead “%(name)s” saved.") % {"name": lead})
            return redirect("sales:lead_detail", pk=lead.pk)
    return _lead_form_page(request, form, lead)


def _detail(request: HttpRequest, lead: Lead, **forms: Any) -> HttpResponse:
    user = request.user
    context = {
        "lead": lead,
        "can_change": access.can(user, access.CHANGE, lead) and lead.status != "converted",
        "can_convert": access.can(user, access.CHANGE, lead) and access.can(user, access.ADD, Opportunity),
        "opportunities": lead.opportunities.select_related("step").for_user(user),
        "qualify_form": forms.get("qualify_form")
        or LeadQualifyForm(
            initial={
                "has_budget": lead.has_budget,
                "has_authority": lead.has_authority,
                "has_need": lead.has_need,
                "has_timing": lead.has_timing,
                "notes": lead.qualification_notes,
            }
        ),
        "disqualify_form": forms.get("disqualify_form") or ReasonForm(),
        "convert_form": forms.get("convert_form")
        or LeadConvertForm(initial={"amount": lead.estimated_amount}),
        "open_panel": forms.get("open_panel", ""),
    }
    return render(request, "sales/lead_detail.html", context)


@internal_page
@require_GET
@gate.record(Lead.objects.select_related("owner", "party"))
def lead_detail(request: HttpRequest, lead: Lead) -> HttpResponse:
    return _detail(request, lead)


@internal_page
@require_POST
@gate.record(Lead, require=access.CHANGE)
def lead_qualify(request: HttpRequest, lead: Lead) -> HttpResponse:
    form = LeadQualifyForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with refused_as_403():
                lead_services.qualify_lead(lead, actor=acting_user(request), notes=data.pop("notes"), **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Lead qualified."))
            return redirect("sales:lead_detail", pk=lead.pk)
    return _detail(request, lead, qualify_form=form, open_panel="qualify")


@internal_page
@require_POST
@gate.record(Lead, require=access.CHANGE)
def lead_disqualify(request: HttpRequest, lead: Lead) -> HttpResponse:
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            with refused_as_403():
                lead_services.disqualify_lead(
                    lead, actor=acting_user(request), reason=form.cleaned_data["reason"]
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Lead disqualified."))
            return redirect("sales:lead_detail", pk=lead.pk)
    return _detail(request, lead, disqualify_form=form, open_panel="disqualify")


@internal_page
@require_POST
@gate.record(Lead, require=access.CHANGE)
def lead_work(request: HttpRequest, lead: Lead) -> HttpResponse:
    try:
        with refused_as_403():
            lead_services.start_working_lead(lead, actor=acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("sales:lead_detail", pk=lead.pk)


@internal_page
@require_POST
@gate.record(Lead, require=access.CHANGE)
def lead_convert(request: HttpRequest, lead: Lead) -> HttpResponse:
    form = LeadConvertForm(request.POST)
    if form.is_valid():
        party = form.picked_party(request.user)
        if form.cleaned_data.get("party") and party is None:
            form.add_error(None, _("No such party."))
        else:
            try:
                with refused_as_403():
                    party, deal = lead_services.convert_lead(
                        lead,
                        actor=acting_user(request),
                        party=party,
                        opportunity_name=form.cleaned_data.get("opportunity_name") or "",
                        amount=form.cleaned_data.get("amount"),
                        expected_close=form.cleaned_data.get("expected_close"),
                    )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Lead converted: %(party)s is a prospect with opportunity “%(deal)s”.")
                    % {"party": party.name, "deal": deal.name},
                )
                return redirect("sales:opportunity_detail", pk=deal.pk)
    return _detail(request, lead, convert_form=form, open_panel="convert")
