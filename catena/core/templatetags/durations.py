"""``{% load durations %}``: ``|since`` and ``|until`` (see catena.core.durations)."""

from __future__ import annotations

from datetime import datetime

from django import template

from catena.core import durations

register = template.Library()


@register.filter(name="since")
def since_filter(moment: datetime | None) -> str:
    """How long ago ``moment`` was: "6 months 4 weeks"."""
    return durations.since(moment)


@register.filter(name="until")
def until_filter(moment: datetime | None) -> str:
    """How long until ``moment``: "2 days 3 hours"."""
    return durations.until(moment)
