"""Celery entry points of the analytics engine.

Celery beat computes the flow figures hourly (``CELERY_BEAT_SCHEDULE``); without a broker run
``catena flow_metrics`` from cron. The dashboard's "Recompute" button enqueues the same task.
"""

from __future__ import annotations

import logging

from celery import shared_task

from catena.insights import services

logger = logging.getLogger(__name__)


@shared_task(name="insights.compute_flow_metrics", acks_late=True)
def compute_flow_metrics_task(run_id: int | None = None) -> str:
    """Compute the flow figures into the waiting run ``run_id`` (or into a new run when called
    without one, as a schedule would). Safe to deliver twice: only one delivery claims the run."""
    if run_id is None:
        try:
            run = services.compute_flow_metrics()
        except services.RunInProgress:  # a slow run, or one asked for by hand
            return "skipped"
        return run.status
    claimed = services.claim_run(run_id)
    if claimed is None:
        return "skipped"
    try:
        run = services.compute_flow_metrics(claimed)
    except Exception:  # recorded on the run by the service; the worker goes on
        logger.warning("flow figures run %s failed", run_id)
        return "failed"
    return run.status
