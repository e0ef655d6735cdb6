"""Celery entry points of the sales app."""

from celery import shared_task

from catena.sales.services.quotes import expire_overdue_quotes


@shared_task(name="sales.expire_quotes")
def expire_quotes() -> int:
    """Expire sent quotes whose validity has passed. Safe to run twice: an expired quote is
    no longer "sent", so it is not expired again. Schedule it daily (celery beat)."""
    return expire_overdue_quotes()
