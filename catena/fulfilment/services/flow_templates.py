"""Editing flow templates and their steps (administrators).

Orders copy their template's steps when they are received, so an edit shapes the orders that
come after it and never rewrites a running one. A step that orders went through stays, because
their stages point at it: to change the shape of a flow, copy the template and edit the copy.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from catena.accounts.models import Department, User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.fulfilment.choices import StepTrigger
from catena.fulfilment.models import FlowStep, FlowTemplate, OrderStage
from catena.sales.choices import OrderType

STEP_FIELDS = ("name", "department", "standard_hours", "optional", "trigger", "customer_label", "sequence")
TEMPLATE_FIELDS = ("name", "description", "is_default")
MAX_STANDARD_HOURS = 24 * 366
MAX_SEQUENCE = 100_000


def _text(
    data: dict[str, Any], field: str, errors: dict[str, list[ValidationError]], *, limit: int, required: bool
) -> None:
    if field not in data:
        return
    value = str(data[field] or "").strip()
    if required and not value:
        errors[field] = [ValidationError(_("This field is required."), code="required")]
    elif len(value) > limit:
        errors[field] = [
            ValidationError(_("At most %(limit)d characters.") % {"limit": limit}, code="too_long")
        ]
    data[field] = value


def _number(data: dict[str, Any], field: str, errors: dict[str, list[ValidationError]], *, high: int) -> None:
    if field not in data:
        return
    value = data[field]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        errors[field] = [
            ValidationError(_("A whole number from 0 to %(high)d.") % {"high": high}, code="out_of_range")
        ]


def _clean_step(
    template: FlowTemplate, data: dict[str, Any], step: FlowStep | None
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    _text(data, "name", errors, limit=100, required=True)
    _text(data, "customer_label", errors, limit=200, required=False)
    _number(data, "standard_hours", errors, high=MAX_STANDARD_HOURS)
    _number(data, "sequence", errors, high=MAX_SEQUENCE)
    if "department" in data and not isinstance(data["department"], Department):
        errors["department"] = [ValidationError(_("Choose a department."), code="required")]
    if "trigger" in data and data["trigger"] not in StepTrigger.values:
        errors["trigger"] = [
            ValidationError(
                _("“%(value)s” is not one of the allowed values.") % {"value": data["trigger"]},
                code="invalid_choice",
            )
        ]
    if "optional" in data:
        data["optional"] = bool(data["optional"])
    others = template.steps.exclude(pk=step.pk) if step is not None else template.steps.all()
    if "sequence" not in errors and "sequence" in data and others.filter(sequence=data["sequence"]).exists():
        errors["sequence"] = [
            ValidationError(_("Another step of this template has this position."), code="flow_step.taken")
        ]
    if "code" in data:
        code = str(data["code"] or "").strip()
        try:
            validate_slug(code)
        except ValidationError:
            errors["code"] = [
                ValidationError(_("Letters, digits, hyphens and underscores only."), code="invalid")
            ]
        else:
            if len(code) > 40:
                errors["code"] = [
                    ValidationError(_("At most %(limit)d characters.") % {"limit": 40}, code="too_long")
                ]
            elif others.filter(code=code).exists():
                errors["code"] = [
                    ValidationError(_("Another step of this template has this code."), code="flow_step.taken")
                ]
        data["code"] = code
    return errors


def _make_default(template: FlowTemplate, actor: User | None) -> None:
    """One default per order type: the one before stops being it (saved, so history sees it)."""
    for other in FlowTemplate.objects.filter(order_type=template.order_type, is_default=True).exclude(
        pk=template.pk
    ):
        other.is_default = False
        save_with_history(other, actor=actor, update_fields=["is_default", "updated_at"])


@transaction.atomic
def create_template(
    *,
    actor: User | None,
    code: str,
    name: str,
    order_type: str,
    description: str = "",
    is_default: bool = False,
    copy_from: FlowTemplate | None = None,
) -> FlowTemplate:
    """A new template, empty or with a copy of ``copy_from``'s steps."""
    if actor is not None:
        access.ensure(actor, access.ADD, FlowTemplate)
    data: dict[str, Any] = {"name": name, "description": description}
    errors: dict[str, list[ValidationError]] = {}
    _text(data, "name", errors, limit=100, required=True)
    code = str(code or "").strip()
    try:
        validate_slug(code)
    except ValidationError:
        errors["code"] = [
            ValidationError(_("Letters, digits, hyphens and underscores only."), code="invalid")
        ]
    else:
        if len(code) > 40:
            errors["code"] = [
                ValidationError(_("At most %(limit)d characters.") % {"limit": 40}, code="too_long")
            ]
        elif FlowTemplate.objects.filter(code=code).exists():
            errors["code"] = [
                ValidationError(_("Another template has this code."), code="flow_template.code_taken")
            ]
    if order_type not in OrderType.values:
        errors["order_type"] = [
            ValidationError(
                _("“%(value)s” is not one of the allowed values.") % {"value": order_type},
                code="invalid_choice",
            )
        ]
    if is_default and copy_from is None:
        errors["is_default"] = [
            ValidationError(
                _("A template without steps cannot be the default."), code="flow_template.default_required"
            )
        ]
    if errors:
        raise ValidationError(errors)
    template = FlowTemplate(
        code=code,
        name=data["name"],
        order_type=order_type,
        description=data["description"],
        is_default=False,
    )
    save_with_history(template, actor=actor)
    if copy_from is not None:
        for step in copy_from.steps.order_by("sequence"):
            FlowStep.objects.create(
                template=template,
                sequence=step.sequence,
                code=step.code,
                name=step.name,
                customer_label=step.customer_label,
                department_id=step.department_id,
                standard_hours=step.standard_hours,
                optional=step.optional,
                trigger=step.trigger,
            )
    if is_default:
        _make_default(template, actor)
        template.is_default = True
        template.save(update_fields=["is_default", "updated_at"])
    events.emit(
        "flow_template.created",
        template,
        actor=actor,
        payload={"code": template.code, "order_type": order_type},
    )
    return template


@transaction.atomic
def update_template(template: FlowTemplate, *, actor: User | None, **changes: Any) -> FlowTemplate:
    """Rename, describe, or make a template the default of its order type."""
    template = FlowTemplate.objects.select_for_update().get(pk=template.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, template)
    errors: dict[str, list[ValidationError]] = {
        key: [ValidationError(_("Unknown field."), code="unknown_field")]
        for key in changes
        if key not in TEMPLATE_FIELDS
    }
    _text(changes, "name", errors, limit=100, required=True)
    if "description" in changes:
        changes["description"] = str(changes["description"] or "")
    if "is_default" in changes:
        changes["is_default"] = bool(changes["is_default"])
        if changes["is_default"] and not template.steps.exists():
            errors["is_default"] = [
                ValidationError(
                    _("A template without steps cannot be the default."),
                    code="flow_template.default_required",
                )
            ]
        elif not changes["is_default"] and template.is_default:
            errors["is_default"] = [
                ValidationError(
                    _("Make another template of this order type the default instead; new orders need one."),
                    code="flow_template.default_required",
                )
            ]
    if errors:
        raise ValidationError(errors)
    if changes.get("is_default"):
        _make_default(template, actor)
    for key, value in changes.items():
        setattr(template, key, value)
    save_with_history(template, actor=actor)
    events.emit("flow_template.changed", template, actor=actor, payload={"fields": sorted(changes)})
    return template


@transaction.atomic
def add_step(template: FlowTemplate, *, actor: User | None, **fields: Any) -> FlowStep:
    """Add a step (after the last one unless ``sequence`` says where)."""
    template = FlowTemplate.objects.select_for_update().get(pk=template.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, template)
    data = {
        "name": "",
        "code": "",
        "department": None,
        "standard_hours": 24,
        "optional": False,
        "trigger": StepTrigger.MANUAL,
        "customer_label": "",
    } | fields
    if data.get("sequence") is None:
        last = template.steps.aggregate(last=Max("sequence"))["last"] or 0
        data["sequence"] = last + 10
    errors = {
        key: [ValidationError(_("Unknown field."), code="unknown_field")]
        for key in fields
        if key not in (*STEP_FIELDS, "code")
    }
    errors |= _clean_step(template, data, None)
    if errors:
        raise ValidationError(errors)
    step = FlowStep(template=template, **data)
    save_with_history(step, actor=actor)
    events.emit("flow_template.changed", template, actor=actor, payload={"added_step": step.code})
    return step


@transaction.atomic
def update_step(step: FlowStep, *, actor: User | None, **changes: Any) -> FlowStep:
    """Change a step's name, department, standard time, optionality, trigger, label or position.
    Its code stays: orders and reports refer to it."""
    step = FlowStep.objects.select_for_update().select_related("template").get(pk=step.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, step)
    errors = {
        key: [ValidationError(_("Unknown field."), code="unknown_field")]
        for key in changes
        if key not in STEP_FIELDS
    }
    errors |= _clean_step(step.template, changes, step)
    if errors:
        raise ValidationError(errors)
    for key, value in changes.items():
        setattr(step, key, value)
    save_with_history(step, actor=actor)
    events.emit(
        "flow_template.changed",
        step.template,
        actor=actor,
        payload={"step": step.code, "fields": sorted(changes)},
    )
    return step


@transaction.atomic
def remove_step(step: FlowStep, *, actor: User | None) -> None:
    """Remove a step no order has gone through; a template keeps at least one step."""
    step = FlowStep.objects.select_for_update().select_related("template").get(pk=step.pk)
    if actor is not None:
        access.ensure(actor, access.DELETE, step)
    if OrderStage.objects.filter(step=step).exists():
        raise ValidationError(
            {
                "step": [
                    ValidationError(
                        _(
                            "Orders have gone through this step, so it stays. Copy the template to "
                            "change the shape of the flow for new orders."
                        ),
                        code="flow_step.in_use",
                    )
                ]
            }
        )
    if step.template.steps.count() <= 1:
        raise ValidationError(
            {"step": ValidationError(_("A template needs at least one step."), code="flow_step.in_use")}
        )
    template = step.template
    code = step.code
    step._history_user = actor  # type: ignore[attr-defined]
    step.delete()
    events.emit("flow_template.changed", template, actor=actor, payload={"removed_step": code})
