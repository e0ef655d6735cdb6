"""Activity plans: their settings pages (administrators and managers) and applying one from a
record's activity panel (any staff who may schedule activities)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.forms import add_service_errors
from catena.accounts.views import acting_user, internal_page, settings_nav, settings_page
from catena.core import access, gate
from catena.workspace import selectors, services, targets
from catena.workspace.forms import (
    BasePlanStepFormSet,
    NewPlanStepFormSet,
    PlanForm,
    PlanStepFormSet,
    colleague_choices,
)
from catena.workspace.models import ActivityPlan
from catena.workspace.panel import panel_context

NAV = "settings_workspace:plan_list"


@settings_page(ActivityPlan)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans, by name, with their steps and the kinds of record they are for."""
    plans = list(selectors.plan_list(request.user).prefetch_related("steps"))
    kinds = {kind.label: kind.model._meta.verbose_name for kind in targets.kinds()}
    for plan in plans:
        plan.kind_names = [kinds.get(label, label) for label in plan.applies_to]  # type: ignore[attr-defined]
    context = {"plans": plans, "settings_nav": settings_nav(request.user, NAV)}
    return render(request, "workspace/settings/plan_list.html", context)


def _step_initial(plan: ActivityPlan | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    return [
        {
            "kind": step.kind,
            "subject": step.subject,
            "offset_days": step.offset_days,
            "time_of_day": step.time_of_day,
            "assignee_rule": step.assignee_rule,
            "assignee": step.assignee_id,
            "note": step.note,
        }
        for step in plan.steps.all()
    ]


def _steps_errors(formset: Any, exc: ValidationError) -> ValidationError | None:
    """Put the service's ``steps.N.field`` errors on the step forms; the rest is returned."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    kept = list(formset.ordered_forms)
    rest: dict[str, Any] = {}
    for key, found in by_field.items():
        parts = key.split(".")
        if parts[0] == "steps" and len(parts) == 3 and parts[1].isdecimal() and int(parts[1]) < len(kept):
            form = kept[int(parts[1])]
            form.add_error(parts[2] if parts[2] in form.fields else None, ValidationError(found))
        else:
            rest[key] = found
    return ValidationError(rest) if rest else None


def _edit(request: HttpRequest, plan: ActivityPlan | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = (
        {
            "name": plan.name,
            "description": plan.description,
            "applies_to": plan.applies_to,
            "is_active": plan.is_active,
        }
        if plan is not None
        else {"is_active": True}
    )
    form = PlanForm(data, initial=initial)
    formset = (PlanStepFormSet if plan is not None else NewPlanStepFormSet)(
        data,
        initial=_step_initial(plan),
        prefix="steps",
        form_kwargs={"colleagues": colleague_choices(request.user)},
    )
    if data is not None and form.is_valid() and formset.is_valid():
        assert isinstance(formset, BasePlanStepFormSet)
        fields = {**form.cleaned_data, "steps": formset.steps()}
        try:
            with gate.refused_as_403():
                if plan is None:
                    saved = services.create_plan(actor=acting_user(request), **fields)
                else:
                    saved = services.update_plan(plan, actor=acting_user(request), **fields)
        except ValidationError as exc:
            rest = _steps_errors(formset, exc)
            if rest is not None:
                add_service_errors(form, rest)
        else:
            messages.success(request, _("Activity plan “%(name)s” saved.") % {"name": saved.name})
            return redirect(NAV)
    failed = data is not None
    context = {
        "plan": plan,
        "form": form,
        "formset": formset,
        "settings_nav": settings_nav(request.user, NAV),
    }
    return render(request, "workspace/settings/plan_form.html", context, status=422 if failed else 200)


@settings_page(ActivityPlan)
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@settings_page(ActivityPlan)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan and its steps on one form: add a step in the empty row, remove one with its box,
    reorder them by their positions."""
    plan = gate.visible_or_404(request.user, ActivityPlan, pk, access.CHANGE)
    return _edit(request, plan)


@internal_page
@require_POST
def plan_apply(request: HttpRequest) -> HttpResponse:
    """Apply a plan to the record of an activity panel; the panel comes back with the activities."""
    record = targets.find(
        request.user, request.POST.get("target_type", ""), request.POST.get("target_id", "")
    )
    if record is None:
        raise Http404
    plan = selectors.plan_detail(request.user, request.POST.get("plan", ""))
    problem = ""
    if plan is None:
        problem = _("Choose a plan.")
    else:
        try:
            with gate.refused_as_403():
                scheduled = services.apply_plan(plan, record, actor=acting_user(request))
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    if gate.is_fragment(request):
        return render(
            request, "workspace/activity_panel.html", panel_context(request, record, plan_error=problem)
        )
    if problem:
        messages.error(request, problem)
    else:
        count = len(scheduled)
        messages.success(
            request,
            ngettext("%(count)d activity scheduled.", "%(count)d activities scheduled.", count)
            % {"count": count},
        )
    default = targets.record_url(record) or "/me/"
    return HttpResponseRedirect(gate.safe_next(request, request.POST.get("next", ""), default))
