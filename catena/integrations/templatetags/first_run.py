"""``{% first_run_checklist %}``: the first-run checklist on the home page, for an administrator
of an installation that is not set up yet (see ``integrations.selectors.first_run_steps``)."""

from __future__ import annotations

from typing import Any

from django import template

from catena.integrations import selectors

register = template.Library()


@register.inclusion_tag("integrations/parts/first_run_card.html", takes_context=True)
def first_run_checklist(context: Any) -> dict[str, Any]:
    user = context["request"].user
    if not selectors.shows_first_run_checklist(user):
        return {"shown": False}
    steps = selectors.first_run_steps(user)
    return {
        "shown": True,
        "done": sum(step.is_done for step in steps),
        "total": len(steps),
        "csrf_token": context.get("csrf_token"),
    }
