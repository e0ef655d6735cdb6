"""``{% load flow_labels %}``: ``|waiting_label`` names an active stage by what it waits for."""

from __future__ import annotations

from django import template

from catena.fulfilment import labels

register = template.Library()


@register.filter
def waiting_label(stage_name: str | None) -> str:
    """``"Delivered"`` → "Awaiting delivery" (zh-Hans "待送达"); a typed name as typed."""
    return labels.waiting_label(stage_name) if stage_name else ""
