"""Celery entry points of import jobs and webhook deliveries. Each takes a row id and is safe to
deliver twice: the service claims the row with a conditional update and leaves finished rows alone."""

from __future__ import annotations

from celery import shared_task

from catena.integrations import services
from catena.integrations.services import webhook_delivery, webhooks


@shared_task(name="integrations.validate_import", acks_late=True)
def validate_import(job_id: int) -> str:
    """The dry run of one import job."""
    job = services.validate_import_job(job_id)
    return job.status if job is not None else "missing"


@shared_task(name="integrations.run_import", acks_late=True)
def run_import(job_id: int) -> str:
    """The commit of one import job."""
    job = services.run_import_job(job_id)
    return job.status if job is not None else "missing"


@shared_task(name="integrations.deliver_webhook", acks_late=True)
def deliver_webhook(delivery_id: int, attempt: int | None = None, triggered_by: int | None = None) -> str:
    """One attempt of one webhook delivery. After a failed attempt it queues the next one with the
    countdown :func:`~catena.integrations.services.webhook_delivery.attempt_delivery` asks for.
    Without a broker nothing is queued: the next attempt waits for its stored time, when
    :func:`deliver_due_webhooks` makes it. A stale or repeated task does nothing.
    ``triggered_by`` is the id of the user who sent a test event or redelivered; retries have none."""
    outcome = webhook_delivery.attempt_delivery(delivery_id, attempt=attempt, triggered_by_id=triggered_by)
    if outcome.retry_in is not None and not deliver_webhook.app.conf.task_always_eager:
        deliver_webhook.apply_async(
            (delivery_id,), {"attempt": outcome.attempt + 1}, countdown=outcome.retry_in
        )
    return outcome.status


@shared_task(name="integrations.deliver_due_webhooks")
def deliver_due_webhooks() -> int:
    """The webhook attempts whose time has come. Runs in ``catena serve`` without a broker (see
    ``CATENA_IN_PROCESS_SCHEDULE``); with one, each retry is a task with a countdown instead."""
    return webhooks.deliver_due()


@shared_task(name="integrations.sweep_webhook_deliveries")
def sweep_webhook_deliveries() -> int:
    """Queue again deliveries whose task was lost. Schedule it every few minutes with Celery beat."""
    return webhooks.reschedule_stalled()


@shared_task(name="integrations.prune_webhook_attempts")
def prune_webhook_attempts() -> int:
    """Delete webhook attempts older than ``CATENA_WEBHOOK_ATTEMPT_DAYS``, in batches; scheduled
    hourly in ``CELERY_BEAT_SCHEDULE``."""
    return webhooks.prune_attempts()
