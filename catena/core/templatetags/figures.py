"""``{% load figures %}``: ``|money``, ``|quantity`` and ``|percent`` (see catena.core.figures)."""

from __future__ import annotations

from django import template

from catena.core import figures

register = template.Library()


@register.filter
def money(value: figures.Number) -> str:
    """An amount with two decimals, grouped by thousands: 12,674,000.00."""
    return figures.format_money(value)


@register.filter
def quantity(value: figures.Number) -> str:
    """A quantity or plain figure without trailing zeros: 80, 1,500.5, 0.5."""
    return figures.format_quantity(value)


@register.filter
def rate(value: figures.Number) -> str:
    """A per-cent figure without the sign, for columns headed "… %": 10, 12.5."""
    return figures.format_quantity(value, figures.RATE_PLACES)


@register.filter
def percent(value: figures.Number) -> str:
    """A per-cent figure with its sign: 10 %."""
    return figures.format_percent(value)
