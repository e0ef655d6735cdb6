"""Periodic work without a broker.

With a broker, Celery beat runs ``CELERY_BEAT_SCHEDULE``. Without one there is no beat, so
``catena serve`` runs the short list ``IN_PROCESS_SCHEDULE`` (task name → interval in seconds) in a
background thread of the web process: work that must happen later rather than inline, such as the
next attempt of a failed webhook delivery.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping

from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

TICK_SECONDS = 5.0  # how often the thread looks whether an entry is due


def run_due(schedule: Mapping[str, float], last_run: dict[str, float], now: float) -> list[str]:
    """Run each task of ``schedule`` whose interval has passed since ``last_run`` (updated in
    place, monotonic seconds); return the names run. A failing task is logged and tried again at
    its next interval."""
    from catena.celery import app

    ran = []
    for name, interval in schedule.items():
        if now - last_run.get(name, float("-inf")) < interval:
            continue
        last_run[name] = now
        try:
            app.tasks[name].apply(throw=True)
        except Exception:
            logger.exception("scheduled task %s failed", name)
        finally:
            _release_connections()
        ran.append(name)
    return ran


def _release_connections() -> None:
    """Let the thread's connections be recycled between runs, as a request's are; a caller
    inside a transaction (a test) keeps its connection."""
    if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        close_old_connections()


def load_tasks() -> None:
    """Import every app's ``tasks`` module. A worker does this when it starts; a web process
    imports them only as its pages happen to, so the schedule would not find its tasks."""
    from catena.celery import app

    app.loader.import_default_modules()


def start_in_process_schedule() -> threading.Thread | None:
    """Start the thread when tasks run in-process (no ``CATENA_BROKER_URL``); ``None`` otherwise."""
    schedule: Mapping[str, float] = getattr(settings, "IN_PROCESS_SCHEDULE", {})
    if not settings.CELERY_TASK_ALWAYS_EAGER or not schedule:
        return None
    load_tasks()

    def loop() -> None:
        last_run: dict[str, float] = {}
        while True:
            run_due(schedule, last_run, time.monotonic())
            time.sleep(TICK_SECONDS)

    thread = threading.Thread(target=loop, name="catena-schedule", daemon=True)
    thread.start()
    return thread
