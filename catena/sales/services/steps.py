"""Use cases of the pipeline's steps: administrators and managers add, rename, reorder and retire
the columns of the opportunity board.

The published names keep the word users know: the events are ``pipeline_stage.*`` and the error
codes ``stage.*``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.validation import Errors
from catena.sales import field_checks as check
from catena.sales.models import PipelineStep

STEP_FIELDS = ("code", "name", "sequence", "default_probability", "is_won", "is_lost", "is_active")


def _clean(data: Mapping[str, Any], errors: Errors, *, instance: PipelineStep | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in STEP_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key == "name":
            cleaned[key] = check.text(errors, key, value, max_length=60, required=True)
        elif key == "code":
            cleaned[key] = slugify(str(value or ""))[:40]
            if not cleaned[key]:
                errors.add(key, _("Use letters, digits, hyphens or underscores."), code="invalid")
            else:
                clash = PipelineStep.objects.filter(code=cleaned[key])
                if instance is not None:
                    clash = clash.exclude(pk=instance.pk)
                if clash.exists():
                    errors.add(key, _("Another stage has this code."), code="stage.code_taken")
        elif key == "sequence":
            if isinstance(value, bool) or not str(value).isdecimal() or int(value) > 32767:
                errors.add(key, _("Enter a whole number from 0 to 32767."), code="out_of_range")
            else:
                cleaned[key] = int(value)
        elif key == "default_probability":
            cleaned[key] = check.whole_percent(errors, key, value)
        else:
            cleaned[key] = bool(value)
    won = cleaned.get("is_won", instance.is_won if instance else False)
    lost = cleaned.get("is_lost", instance.is_lost if instance else False)
    if won and lost:
        errors.add("is_lost", _("A stage cannot be both won and lost."), code="stage.won_and_lost")
    return cleaned


@transaction.atomic
def create_step(*, actor: User | None, **fields: Any) -> PipelineStep:
    if actor is not None:
        access.ensure(actor, access.ADD, PipelineStep)
    errors = Errors()
    fields.setdefault("name", "")
    if not fields.get("code"):
        # "stage-N" is what API clients have seen for names with nothing to slugify (Chinese ones).
        fields["code"] = slugify(str(fields.get("name", ""))) or f"stage-{PipelineStep.objects.count() + 1}"
    cleaned = _clean(fields, errors, instance=None)
    errors.raise_if_any()
    step = PipelineStep.objects.create(**cleaned)
    events.emit("pipeline_stage.created", step, actor=actor, payload={"code": step.code})
    return step


@transaction.atomic
def update_step(step: PipelineStep, *, actor: User | None, **changes: Any) -> PipelineStep:
    if actor is not None:
        access.ensure(actor, access.CHANGE, step)
    errors = Errors()
    cleaned = _clean(changes, errors, instance=step)
    if cleaned.get("is_active") is False and step.opportunities.open().exists():
        errors.add(
            "is_active", _("Open opportunities are in this stage; move them first."), code="stage.in_use"
        )
    errors.raise_if_any()
    for key, value in cleaned.items():
        setattr(step, key, value)
    step.save()
    events.emit("pipeline_stage.updated", step, actor=actor, payload={"fields": sorted(cleaned)})
    return step


@transaction.atomic
def delete_step(step: PipelineStep, *, actor: User | None) -> None:
    """Delete a step no opportunity ever used; otherwise retire it (``is_active=False``)."""
    if actor is not None:
        access.ensure(actor, access.DELETE, step)
    if step.opportunities.exists():
        raise ValidationError(
            {
                "__all__": ValidationError(
                    _("Opportunities use this stage; retire it instead."), code="stage.in_use"
                )
            }
        )
    events.emit("pipeline_stage.deleted", step, actor=actor, payload={"code": step.code})
    step.delete()
