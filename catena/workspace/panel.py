"""The activity panel a record's page shows (``{% load workspace %}{% activity_panel record %}``):
its open and last closed activities, the form to schedule one, the plans that may be applied to
it, and the follow button."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

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
        "activity_form": (form or ActivityForm(user=user)) if can_schedule else None,
        "plans": plans_for(user, record) if can_schedule else [],
        "can_manage_plans": can_schedule and access.can(user, access.CHANGE, ActivityPlan),
        "plan_error": plan_error,
        "can_follow": kind is not None and access.can(user, access.ADD, Follow),
        "following": kind is not None and is_following(user, record),
        "panel_id": f"activity-panel-{kind.label.replace('.', '-') if kind else 'x'}-{record.pk}",
    }
