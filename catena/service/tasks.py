"""Background work of the service desk: the SLA sweep."""

from __future__ import annotations

from celery import shared_task

from catena.service.services import clocks


@shared_task(name="service.sweep_sla_clocks")
def sweep_sla_clocks() -> int:
    """Record the SLA warnings, breaches and escalations that came due. Safe to run twice."""
    return clocks.sweep().total
