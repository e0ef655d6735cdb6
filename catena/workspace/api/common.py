"""What the workspace's endpoints share: the record activities, follows, files and comments are
about."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _

from catena.core import gate
from catena.workspace import errors, targets


def target_of(request: HttpRequest, target_type: str, target_id: int) -> models.Model:
    """The record named by ``target_type`` and ``target_id`` if the caller may see it; otherwise
    a field error (the same whether the record exists or not)."""
    model = targets.model_of(target_type)
    if model is None:
        raise ValidationError(
            {
                "target_type": [
                    ValidationError(
                        str(errors.TARGET_NOT_SUPPORTED.message), code=errors.TARGET_NOT_SUPPORTED.code
                    )
                ]
            }
        )
    record = gate.find(gate.actor_of(request), model, target_id)
    if record is None:
        raise ValidationError(
            {"target_id": [ValidationError(_("No such record."), code="unknown_reference")]}
        )
    return record


def activity_target_of(request: HttpRequest, target_type: str | None, target_id: int | None) -> models.Model:
    """The record an activity or follow names, as a field error when its kind takes no activities
    or the record is unknown or out of sight."""
    if targets.kind_of(target_type or "") is None:
        raise ValidationError(
            {
                "target_type": [
                    ValidationError(
                        str(errors.UNKNOWN_TARGET_TYPE.message), code=errors.UNKNOWN_TARGET_TYPE.code
                    )
                ]
            }
        )
    record = targets.find(gate.actor_of(request), target_type or "", target_id)
    if record is None:
        raise ValidationError(
            {"target_id": [ValidationError(_("No such record."), code="unknown_reference")]}
        )
    return record
