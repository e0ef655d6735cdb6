"""Celery entry points of the core app."""

from celery import shared_task

from catena.core import events


@shared_task(name="core.dispatch_events")
def dispatch_events() -> int:
    """Deliver pending domain events. Safe to run twice: each event is claimed once."""
    return events.dispatch_pending()
