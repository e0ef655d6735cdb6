"""Domain events through an outbox.

``emit`` writes an :class:`~catena.core.models.Event` row inside the caller's transaction and
schedules dispatch after commit. Handlers registered with :func:`subscribe` run once per event
(the dispatcher marks each row dispatched), so a redelivered task does no work twice.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from catena.core.models import Event

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
WILDCARD = "*"


def subscribe(name: str) -> Callable[[Handler], Handler]:
    """Register a handler for events called ``name`` (``"*"`` for every event)."""

    def register(handler: Handler) -> Handler:
        if handler not in _handlers[name]:
            _handlers[name].append(handler)
        return handler

    return register


def subject_label(subject: models.Model) -> str:
    return f"{subject._meta.app_label}.{subject._meta.model_name}"


def emit(
    name: str,
    subject: models.Model,
    *,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Record that ``name`` happened to ``subject``; delivery starts once the transaction commits."""
    event = Event.objects.create(
        name=name,
        subject_type=subject_label(subject),
        subject_id=str(subject.pk),
        payload=payload or {},
        actor=actor if getattr(actor, "pk", None) else None,
    )
    transaction.on_commit(_schedule_dispatch)
    return event


# With a broker, the commits of one process within this window share one dispatch task: the task
# sends every pending event, so a task per commit would mostly find nothing left to do (and under
# load the queue would grow faster than a worker empties it).
COALESCE_SECONDS = 0.05
_coalesce_lock = threading.Lock()
_publish_pending = False


def _schedule_dispatch() -> None:
    global _publish_pending
    from catena.core.tasks import dispatch_events

    if dispatch_events.app.conf.task_always_eager:  # no broker: the handlers run now, here
        _dispatch_in_this_thread()
        return
    with _coalesce_lock:
        if _publish_pending:  # a task is about to be queued; it will see this commit's events
            return
        _publish_pending = True
    timer = threading.Timer(COALESCE_SECONDS, _publish_coalesced)
    timer.daemon = True  # a process that exits first leaves its events to the periodic sweep
    try:
        timer.start()
    except RuntimeError:  # no thread to be had: queue now, and let the next commit try again
        with _coalesce_lock:
            _publish_pending = False
        _publish_dispatch()


# Without a broker a handler's own events commit inside the dispatch that runs it; dispatching
# them there, nested, would recurse once per pending event. The outermost dispatch of the thread
# goes round again instead, as it does while a round took a full batch (more may be waiting).
_eager = threading.local()
EAGER_ROUNDS = 100


def _dispatch_in_this_thread() -> None:
    if getattr(_eager, "active", False):
        _eager.again = True
        return
    _eager.active = True
    try:
        for _round in range(EAGER_ROUNDS):
            _eager.again = False
            if dispatch_pending() < BATCH and not _eager.again:
                break
    finally:
        _eager.active = False


def _publish_coalesced() -> None:
    global _publish_pending
    with _coalesce_lock:
        # cleared before queuing: a commit from now on schedules its own task
        _publish_pending = False
    try:
        _publish_dispatch()
    except Exception:  # the broker is down: the periodic sweep sends the events later
        logger.exception("could not queue the dispatch of domain events")


def _publish_dispatch() -> None:
    from catena.core.tasks import dispatch_events

    dispatch_events.delay()


def dispatch_event(event: Event) -> bool:
    """Run the handlers of one event; return whether it is now dispatched."""
    handlers = [*_handlers.get(event.name, []), *_handlers.get(WILDCARD, [])]
    try:
        with transaction.atomic():
            # Claim first: the row lock holds a second dispatcher (the sweep beside a queued
            # task) until this one commits, and it then finds nothing to claim. A failing
            # handler rolls the claim back with its own writes.
            claimed = Event.objects.filter(pk=event.pk, dispatched_at__isnull=True).update(
                dispatched_at=timezone.now(), attempts=models.F("attempts") + 1
            )
            if not claimed:
                return False
            for handler in handlers:
                handler(event)
    except Exception as exc:  # a failing handler must not block the other events
        logger.exception("event %s failed", event.pk)
        Event.objects.filter(pk=event.pk).update(
            attempts=models.F("attempts") + 1, last_error=str(exc)[:2000]
        )
        return False
    return True


BATCH = 500  # events one dispatch reads at a time


def dispatch_pending(limit: int = BATCH) -> int:
    """Dispatch up to ``limit`` pending events in order; return how many were dispatched."""
    done = 0
    for event in Event.objects.pending().order_by("id")[:limit]:
        if dispatch_event(event):
            done += 1
    return done
