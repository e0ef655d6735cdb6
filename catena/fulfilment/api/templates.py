"""REST endpoints for flow templates: everyone internal reads them, administrators edit them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.accounts.models import Department
from catena.core import access, gate
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.fulfilment import selectors
from catena.fulfilment.models import FlowStep, FlowTemplate
from catena.fulfilment.schemas import (
    FlowTemplateIn,
    FlowTemplateOut,
    FlowTemplatePageOut,
    FlowTemplatePatch,
    StepIn,
    StepOut,
    StepPatch,
)
from catena.fulfilment.services import flow_templates as editing

router = Router(tags=["flow templates"])


def _template(request: HttpRequest, template_id: int) -> FlowTemplate:
    template = selectors.template_detail(actor_of(request), template_id)
    if template is None:
        raise not_found()
    return template


def _step(request: HttpRequest, template: FlowTemplate, step_id: int) -> FlowStep:
    return gate.api_record(
        request, FlowStep.objects.filter(template=template).select_related("department"), step_id
    )


def _department(request: HttpRequest, data: dict[str, Any]) -> None:
    if "department" in data:
        departments = Department.objects.for_user(actor_of(request))
        department = departments.filter(code=data["department"]).first()
        if department is None:
            raise ValidationError({"department": ValidationError(_("Choose a department."), code="required")})
        data["department"] = department


@router.get("/", response=with_errors({200: FlowTemplatePageOut}), summary="List flow templates")
def list_templates(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return page(selectors.template_list(actor_of(request)), params)


@router.post("/", response=with_errors({201: FlowTemplateOut}, 403), summary="Create a flow template")
def create_template(request: HttpRequest, payload: FlowTemplateIn) -> Status[FlowTemplate]:
    """Empty, or a copy of `copy_from`'s steps; `is_default` makes new orders of its type follow it."""
    user = actor_of(request)
    access.ensure(user, access.ADD, FlowTemplate)
    source = None
    if payload.copy_from is not None:
        source = selectors.template_detail(user, payload.copy_from)
        if source is None:
            raise ValidationError(
                {"copy_from": ValidationError(_("No such template."), code="unknown_reference")}
            )
    template = editing.create_template(
        actor=user,
        code=payload.code,
        name=payload.name,
        order_type=payload.order_type,
        description=payload.description,
        is_default=payload.is_default,
        copy_from=source,
    )
    return Status(201, _template(request, template.pk))


@router.get(
    "/{template_id}", response=with_errors({200: FlowTemplateOut}, 404), summary="Get a flow template"
)
def get_template(request: HttpRequest, template_id: RowId) -> FlowTemplate:
    return _template(request, template_id)


@router.patch(
    "/{template_id}", response=with_errors({200: FlowTemplateOut}, 403, 404), summary="Change a flow template"
)
def update_template(request: HttpRequest, template_id: RowId, payload: FlowTemplatePatch) -> FlowTemplate:
    template = _template(request, template_id)
    editing.update_template(template, actor=actor_of(request), **payload.model_dump(exclude_unset=True))
    return _template(request, template_id)


@router.post("/{template_id}/steps", response=with_errors({201: StepOut}, 403, 404), summary="Add a step")
def add_step(request: HttpRequest, template_id: RowId, payload: StepIn) -> Status[FlowStep]:
    template = _template(request, template_id)
    access.ensure(actor_of(request), access.CHANGE, template)
    data = payload.model_dump()
    _department(request, data)
    step = editing.add_step(template, actor=actor_of(request), **data)
    return Status(201, _step(request, template, step.pk))


@router.patch(
    "/{template_id}/steps/{step_id}", response=with_errors({200: StepOut}, 403, 404), summary="Change a step"
)
def update_step(request: HttpRequest, template_id: RowId, step_id: RowId, payload: StepPatch) -> FlowStep:
    """Running orders keep the steps they were received with; the change shapes new orders."""
    template = _template(request, template_id)
    step = _step(request, template, step_id)
    access.ensure(actor_of(request), access.CHANGE, step)
    data = payload.model_dump(exclude_unset=True)
    _department(request, data)
    editing.update_step(step, actor=actor_of(request), **data)
    return _step(request, template, step_id)


@router.delete(
    "/{template_id}/steps/{step_id}", response=with_errors({204: None}, 403, 404), summary="Remove a step"
)
def remove_step(request: HttpRequest, template_id: RowId, step_id: RowId) -> Status[None]:
    """Refused (422) once orders have gone through the step: copy the template instead."""
    step = _step(request, _template(request, template_id), step_id)
    editing.remove_step(step, actor=actor_of(request))
    return Status(204, None)
