"""Settings: the pipeline's stages, the columns of the opportunity board (administrators and
managers). Every change goes through ``sales.services.steps``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts.forms import add_service_errors
from catena.accounts.views import acting_user, settings_nav, settings_page
from catena.core import access, gate
from catena.sales.forms.steps import StepForm
from catena.sales.models import PipelineStep
from catena.sales.services import steps as services

NAV = "settings_sales:step_list"


@settings_page(PipelineStep)
@require_http_methods(["GET", "POST"])
def step_list(request: HttpRequest) -> HttpResponse:
    """The stages in board order, with how many opportunities each holds; a new one is added last."""
    form = StepForm(request.POST or None, initial={"is_active": True})
    steps = PipelineStep.objects.for_user(request.user).annotate(opportunity_count=Count("opportunities"))
    if request.method == "POST" and form.is_valid():
        last = max((step.sequence for step in steps), default=0)
        try:
            services.create_step(
                actor=acting_user(request), sequence=min(last + 10, 32767), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Stage added."))
            return redirect(NAV)
    context = {"steps": steps, "form": form, "settings_nav": settings_nav(request.user, NAV)}
    return render(request, "sales/settings/step_list.html", context, status=422 if form.errors else 200)


@settings_page(PipelineStep)
@require_http_methods(["GET", "POST"])
@gate.record(PipelineStep, action=access.CHANGE)
def step_edit(request: HttpRequest, step: PipelineStep) -> HttpResponse:
    initial = {
        "name": step.name,
        "default_probability": step.default_probability,
        "is_won": step.is_won,
        "is_lost": step.is_lost,
        "is_active": step.is_active,
    }
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_step(step, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Stage saved."))
            return redirect(NAV)
    context = {"step": step, "form": form, "settings_nav": settings_nav(request.user, NAV)}
    return render(request, "sales/settings/step_form.html", context, status=422 if form.errors else 200)


@settings_page(PipelineStep)
@require_POST
@gate.record(PipelineStep, action=access.CHANGE)
def step_move(request: HttpRequest, step: PipelineStep) -> HttpResponse:
    """Move a stage one place up or down the board (``direction`` ``up`` or ``down``): the stages
    are numbered again 10, 20, 30… in the new order, each through the service."""
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose up or down."))
        return redirect(NAV)
    ordered = list(PipelineStep.objects.for_user(request.user, access.CHANGE))
    index = next(i for i, s in enumerate(ordered) if s.pk == step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        with transaction.atomic():
            for position, each in enumerate(ordered, start=1):
                if each.sequence != position * 10:
                    services.update_step(each, actor=acting_user(request), sequence=position * 10)
    return redirect(NAV)
