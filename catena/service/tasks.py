"""Celery entry points of the service desk."""

from celery import shared_task

from catena.service.services.promises import break_overdue


@shared_task(name="service.break_overdue_promises")
def break_overdue_promises() -> int:
    """Mark open promises whose due time has passed as broken. Safe to run twice: a broken
    promise is no longer open, so it is not broken again. Celery beat runs it every five minutes."""
    return break_overdue()
