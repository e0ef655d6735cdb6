"""``{% load workspace %}{% activity_panel record %}``: the activity panel of a record's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from catena.accounts import roles
from catena.workspace.panel import panel_context

register = template.Library()


@register.inclusion_tag("workspace/activity_panel.html", takes_context=True)
def activity_panel(context: template.Context, record: models.Model) -> dict[str, Any]:
    request = context["request"]
    if not roles.is_internal(request.user):
        return {"hidden": True}
    return {**panel_context(request, record), "request": request, "csrf_token": context.get("csrf_token")}
