"""The activity panel a record's page shows (``{% load workspace %}{% activity_panel record %}``):
its open and last closed activities, the form to schedule one, the plans that may be applied to
it, and the follow button."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from catena.core import access
from catena.workspace import selectors, targets
from catena.workspace.forms import ActivityForm
from catena.workspace.models import Activity, ActivityPlan, Follow
from catena.workspace.selectors.plans import plans_for
from catena.workspace.services.follows import is_following


def panel_context(
    request: HttpRequest, record: models.Model, form: ActivityForm | None = None, *, plan_error: str = ""
) -> dict[str, Any]:
    user = request.user
    kind = targets.kind_for(record)
    found = selectors.activities_on(user, record)
    can_schedule = kind is not None and access.can(user, access.ADD, Activity)
    return {
        "record": record,
        "target_type": kind.label if kind else "",
        "open_activities": found["open"],
        "closed_activities": found["closed"],
        "can_schedule": can_schedule,
        # the empty form is read when the panel opens (activity_form); one with errors is shown
        "activity_form": form if can_schedule else None,
        "schedule_form_url": _form_url(request, kind.label, record) if can_schedule and kind else "",
        "plans": plans_for(user, record) if can_schedule else [],
        "can_manage_plans": can_schedule and access.can(user, access.CHANGE, ActivityPlan),
        "plan_error": plan_error,
        "can_follow": kind is not None and access.can(user, access.ADD, Follow),
        "following": kind is not None and is_following(user, record),
        "panel_id": panel_id(kind.label if kind else "", record),
    }


def panel_id(label: str, record: models.Model) -> str:
    return f"activity-panel-{label.replace('.', '-') if label else 'x'}-{record.pk}"


def _form_url(request: HttpRequest, label: str, record: models.Model) -> str:
    url = reverse("workspace:activity_form", args=[label, record.pk])
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def form_context(request: HttpRequest, record: models.Model) -> dict[str, Any]:
    """What the schedule form needs on its own: the record, where its panel is, an empty form."""
    label = targets.label_of(record)
    return {
        "record": record,
        "target_type": label,
        "panel_id": panel_id(label, record),
        "activity_form": ActivityForm(user=request.user),
    }
