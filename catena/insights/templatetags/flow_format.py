"""Figures of the flow page in words: durations in hours or days, rates in per cent."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from catena.insights.models import FlowMetric
from catena.insights.selectors.flow import display_label

register = template.Library()

DAYS_FROM_HOURS = 48  # from two days on, a duration reads better in days


@register.filter
def duration(hours: float | None) -> str:
    """``5.26`` → "5.3 h", ``73`` → "3.0 d"; "—" when there is no figure."""
    if not isinstance(hours, int | float):
        return "—"
    if abs(hours) >= DAYS_FROM_HOURS:
        return _("%(days)s d") % {"days": number_format(round(hours / 24, 1), 1)}
    return _("%(hours)s h") % {"hours": number_format(round(hours, 1), 1)}


@register.filter
def percent(rate: float | None) -> str:
    """``0.935`` → "93.5%"; "—" when there is no figure (nothing had a date to meet)."""
    if not isinstance(rate, int | float):
        return "—"
    return _("%(value)s%%") % {"value": number_format(round(rate * 100, 1), 1)}


@register.filter
def flow_label(metric: FlowMetric) -> str:
    """The name of what a row of figures is about, in the reader's language."""
    return display_label(metric)
