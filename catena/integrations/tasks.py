"""Celery entry points of import jobs. Each takes a job id and is safe to deliver twice: the
service claims the job with a conditional update and leaves done or failed jobs alone."""

from __future__ import annotations

from celery import shared_task

from catena.integrations import services


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
