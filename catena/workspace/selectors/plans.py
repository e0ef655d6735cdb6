"""Reads of activity plans: the settings list, and the plans a record's panel offers."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Count

from catena.core import access
from catena.workspace import targets
from catena.workspace.models import ActivityPlan, ActivityPlanQuerySet


def plan_list(user: Any) -> ActivityPlanQuerySet:
    """The plans ``user`` may see, by name, each with ``step_count``."""
    return ActivityPlan.objects.for_user(user, access.VIEW).annotate(step_count=Count("steps"))


def plan_detail(user: Any, pk: Any) -> ActivityPlan | None:
    if not str(pk).isdecimal() or len(str(pk)) > 18:
        return None
    return ActivityPlan.objects.for_user(user, access.VIEW).filter(pk=int(pk)).first()


def plans_for(user: Any, record: models.Model) -> list[ActivityPlan]:
    """The active plans with steps that ``user`` may apply to ``record``'s kind (a short list:
    filtered here rather than in SQL, since SQLite cannot look inside a JSON list)."""
    kind = targets.kind_for(record)
    if kind is None:
        return []
    found = plan_list(user).active()
    return [plan for plan in found if plan.step_count and plan.applies_to_label(kind.label)]  # type: ignore[attr-defined]
