"""Background work of the service desk: the SLA sweep, the promise sweep and the NPS survey."""

from __future__ import annotations

from celery import shared_task

from catena.service.services import clocks
from catena.service.services.promises import break_overdue
from catena.service.services.surveys import send_nps


@shared_task(name="service.sweep_sla_clocks")
def sweep_sla_clocks() -> int:
    """Record the SLA warnings, breaches and escalations that came due. Safe to run twice."""
    return clocks.sweep().total


@shared_task(name="service.break_overdue_promises")
def break_overdue_promises() -> int:
    """Mark open promises whose due time has passed as broken. Safe to run twice: a broken
    promise is no longer open, so it is not broken again. Celery beat runs it every five minutes."""
    return break_overdue()


@shared_task(name="service.send_nps_surveys")
def send_nps_surveys() -> int:
    """Send the NPS survey to the customers not asked within ``CATENA_NPS_DAYS``. Safe to run
    twice: an address asked within the period is skipped. Celery beat runs it daily."""
    return send_nps()
