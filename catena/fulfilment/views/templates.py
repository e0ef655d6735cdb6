"""Flow templates: everyone internal reads them; administrators edit steps and create templates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.core.gate import is_fragment, refused_as_403, require
from catena.fulfilment import selectors
from catena.fulfilment.forms import NewStepForm, StepForm, TemplateForm
from catena.fulfilment.models import FlowStep, FlowTemplate
from catena.fulfilment.services import flow_templates as editing
from catena.fulfilment.views.common import ActionOutcome, outcome_of
from catena.parties.forms import apply_service_errors


@internal_page
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    templates = list(selectors.template_list(request.user))
    return render(
        request,
        "fulfilment/template_list.html",
        {"templates": templates, "can_add": access.can(request.user, access.ADD, FlowTemplate)},
    )


def _template(request: HttpRequest, pk: int) -> FlowTemplate:
    template = selectors.template_detail(request.user, pk)
    if template is None:
        raise Http404
    return template


def _step_form(step: FlowStep, data: Any = None) -> StepForm:
    initial = {
        "sequence": step.sequence,
        "name": step.name,
        "department": step.department_id,
        "standard_hours": step.standard_hours,
        "optional": step.optional,
        "trigger": step.trigger,
        "customer_label": step.customer_label,
    }
    return StepForm(data, initial=initial, prefix=f"step-{step.pk}")


def _context(
    request: HttpRequest,
    template: FlowTemplate,
    outcome: ActionOutcome | None = None,
    bound: dict[int, StepForm] | None = None,
    new_form: NewStepForm | None = None,
) -> dict[str, Any]:
    can_edit = access.can(request.user, access.CHANGE, template)
    steps = list(template.steps.all())
    bound = bound or {}
    if can_edit:
        for step in steps:
            step.form = bound.get(step.pk) or _step_form(step)  # type: ignore[attr-defined]
    return {
        "template": template,
        "steps": steps,
        "can_edit": can_edit,
        "outcome": outcome,
        "new_form": new_form or NewStepForm(),
    }


def _respond(
    request: HttpRequest,
    pk: int,
    outcome: ActionOutcome,
    *,
    bound: dict[int, StepForm] | None = None,
    new_form: NewStepForm | None = None,
) -> HttpResponse:
    if not is_fragment(request):
        outcome.flash(request)
        return redirect("fulfilment:template_detail", pk=pk)
    context = _context(
        request,
        _template(request, pk),
        outcome,
        bound if not outcome.ok else None,
        new_form if not outcome.ok else None,
    )
    return render(request, "fulfilment/template_detail.html#body", context)


@internal_page
@require_GET
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "fulfilment/template_detail.html", _context(request, _template(request, pk)))


def _step(template: FlowTemplate, step_id: int) -> FlowStep:
    step = next((s for s in template.steps.all() if s.pk == step_id), None)
    if step is None:
        raise Http404
    return step


@internal_page
@require_POST
def step_update(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    template = _template(request, pk)
    require(request, access.CHANGE, template)
    step = _step(template, step_id)
    form = _step_form(step, request.POST)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            editing.update_step(step, actor=acting_user(request), **form.cleaned_data)
            outcome.success = _("Step “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
        if outcome.exc is not None:
            apply_service_errors(form, outcome.exc)
    else:
        outcome.errors.append(_("Check the step's fields."))
    return _respond(request, pk, outcome, bound={step.pk: form})


@internal_page
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    require(request, access.CHANGE, template)
    form = NewStepForm(request.POST)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            editing.add_step(template, actor=acting_user(request), **form.cleaned_data)
            outcome.success = _("Step “%(name)s” added.") % {"name": form.cleaned_data["name"]}
        if outcome.exc is not None:
            apply_service_errors(form, outcome.exc)
    else:
        outcome.errors.append(_("Check the step's fields."))
    return _respond(request, pk, outcome, new_form=form)


@internal_page
@require_POST
def step_remove(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    template = _template(request, pk)
    require(request, access.DELETE, template)
    step = _step(template, step_id)
    outcome = ActionOutcome()
    with refused_as_403(), outcome_of(outcome):
        editing.remove_step(step, actor=acting_user(request))
        outcome.success = _("Step “%(name)s” removed.") % {"name": step.name}
    return _respond(request, pk, outcome)


@internal_page
@require_POST
def template_make_default(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    require(request, access.CHANGE, template)
    outcome = ActionOutcome()
    with refused_as_403(), outcome_of(outcome):
        editing.update_template(template, actor=acting_user(request), is_default=True)
        outcome.success = _("New orders of this type now follow “%(name)s”.") % {"name": template.name}
    return _respond(request, pk, outcome)


@internal_page
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, FlowTemplate)
    sources = [(t.pk, _(t.name)) for t in selectors.template_list(request.user)]
    form = TemplateForm(
        request.POST or None, templates=sources, initial={"copy_from": request.GET.get("copy_from")}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = (
            selectors.template_detail(request.user, data.pop("copy_from")) if data.get("copy_from") else None
        )
        data.pop("copy_from", None)
        try:
            with refused_as_403():
                template = editing.create_template(actor=acting_user(request), copy_from=source, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Template “%(name)s” created.") % {"name": template.name})
            return redirect("fulfilment:template_detail", pk=template.pk)
    return render(request, "fulfilment/template_form.html", {"form": form})
