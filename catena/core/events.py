"""Domain events through an outbox, each one declared with a typed payload.

Every event is declared once, in the ``events.py`` of the app that emits it, by a payload model
(a frozen pydantic model) under :func:`declare`, which gives its name, version, subject and an
example. ``docs/events.md`` is generated from these declarations (``catena events_doc``).

``emit`` checks the event against its declaration (an undeclared name, a payload of the wrong
shape or a subject of the wrong type raises :class:`EventError`), writes an
:class:`~catena.core.models.Event` row inside the caller's transaction and schedules dispatch
after commit. Handlers registered with :func:`subscribe` run once per event (the dispatcher marks
each row dispatched), so a redelivered task does no work twice.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.db import models, transaction
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, ValidationError

from catena.core.models import Event

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
WILDCARD = "*"


class EventError(ValueError):
    """An event that its declaration does not allow: a bug in the code that emits it."""


class EventPayload(BaseModel):
    """The payload of one declared event: its fields are what a webhook receiver gets.

    Strict (an ``int`` field refuses ``"5"``), closed (an unknown key is refused) and frozen.
    A field's meaning is the docstring written under it.
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)

    declaration: ClassVar[Declaration]


class FieldsChanged(EventPayload):
    """Base of the ``….updated`` events: which fields of the subject changed."""

    fields: list[str]
    """The names of the changed fields (or of the kind of related rows, e.g. ``contacts``)."""


class Imported(EventPayload):
    """Base of the ``….imported`` events: one event per committed chunk of an import."""

    job: int
    """The import job."""
    created: list[int]
    """The ids of the records this chunk created."""
    updated: list[int]
    """The ids of the existing records this chunk updated (matched by a row of the file)."""


P = TypeVar("P", bound=type[EventPayload])


@dataclass(frozen=True)
class Declaration:
    name: str
    version: int
    subject: str  # the subject's "app_label.model_name"
    payload: type[EventPayload]
    example: dict[str, Any]

    @property
    def when(self) -> str:
        return " ".join((self.payload.__doc__ or "").split())

    def check(self, payload: dict[str, Any]) -> None:
        try:
            self.payload.model_validate(payload)
        except ValidationError as exc:
            raise EventError(f"{self.name}: the payload does not match its declaration: {exc}") from exc


_declared: dict[str, Declaration] = {}
_discovered = False


def declare(name: str, *, subject: str, example: dict[str, Any], version: int = 1) -> Callable[[P], P]:
    """Declare the event ``name`` with the decorated payload model (its docstring says when the
    event is emitted; ``subject`` is the subject's type, see :func:`subject_label`)."""

    def register(payload: P) -> P:
        known = _declared.get(name)
        if known is not None and _path(known.payload) != _path(payload):
            raise EventError(f"{name} is declared twice ({_path(known.payload)}, {_path(payload)})")
        declaration = Declaration(name, version, subject, payload, example)
        _declared[name] = declaration
        payload.declaration = declaration
        return payload

    return register


def _path(payload: type[EventPayload]) -> str:
    return f"{payload.__module__}.{payload.__qualname__}"


def _discover() -> None:
    """Import the ``events`` module of every installed app (once) so every declaration is known."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("events")
        _discovered = True


def declarations() -> list[Declaration]:
    """Every declared event, by name."""
    _discover()
    return [_declared[name] for name in sorted(_declared)]


def declaration(name: str) -> Declaration:
    found = _declared.get(name)
    if found is None:
        _discover()
        found = _declared.get(name)
    if found is None:
        raise EventError(f"{name} is not a declared event: declare it in the events.py of its app")
    return found


def subscribe(name: str) -> Callable[[Handler], Handler]:
    """Register a handler for events called ``name`` (``"*"`` for every event)."""

    def register(handler: Handler) -> Handler:
        if handler not in _handlers[name]:
            _handlers[name].append(handler)
        return handler

    return register


def subject_label(subject: models.Model | type[models.Model]) -> str:
    """The subject type events publish: ``app_label.model_name``, or for a renamed model the type it
    was published under (its ``published_subject_type``), which webhook consumers may filter on."""
    published: str | None = getattr(subject, "published_subject_type", None)
    return published or f"{subject._meta.app_label}.{subject._meta.model_name}"


def _checked(
    event: str | EventPayload, subject: models.Model, payload: dict[str, Any] | None
) -> tuple[Declaration, dict[str, Any]]:
    if isinstance(event, EventPayload):
        if payload is not None:
            raise EventError(f"{type(event).__qualname__}: give the payload object or a dict, not both")
        found = type(event).__dict__.get("declaration")
        if found is None:
            raise EventError(f"{type(event).__qualname__} is not a declared event payload")
        data = event.model_dump(mode="json", by_alias=True)
    else:
        found = declaration(event)
        data = payload or {}
        found.check(data)
    label = subject_label(subject)
    if label != found.subject:
        raise EventError(f"{found.name}: the subject is a {found.subject}, not a {label}")
    return found, data


def emit(
    event: str | EventPayload,
    subject: models.Model,
    *,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Record that ``event`` happened to ``subject``; delivery starts once the transaction commits.

    ``event`` is a declared payload object (``emit(PartyCreated(...), party, actor=...)``) or a
    declared name with its payload as a dict, checked against the declaration.
    """
    row = _record(event, subject, actor=actor, payload=payload)
    transaction.on_commit(_schedule_dispatch)
    return row


def emit_many(items: Iterable[tuple[EventPayload, models.Model]], *, actor: Any = None) -> list[Event]:
    """Record many typed events at once (one insert), each checked as :func:`emit` checks it;
    delivery starts once the transaction commits. For sweeps that announce thousands of things
    at a time (SLA warnings and breaches)."""
    rows = []
    for event, subject in items:
        found, data = _checked(event, subject, None)
        rows.append(
            Event(
                name=found.name,
                version=found.version,
                subject_type=found.subject,
                subject_id=str(subject.pk),
                payload=data,
                actor=actor if getattr(actor, "pk", None) else None,
            )
        )
    if not rows:
        return []
    made = Event.objects.bulk_create(rows)
    transaction.on_commit(_schedule_dispatch)
    return made


def record_unrouted(
    event: str | EventPayload,
    subject: models.Model,
    *,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Record ``event`` as :func:`emit` does, but already dispatched: no handler sees it. For an
    event its caller delivers itself to one recipient (a webhook's test event), which must not
    reach every other subscriber through the outbox."""
    return _record(event, subject, actor=actor, payload=payload, dispatched_at=timezone.now())


def _record(
    event: str | EventPayload,
    subject: models.Model,
    *,
    actor: Any,
    payload: dict[str, Any] | None,
    **fields: Any,
) -> Event:
    found, data = _checked(event, subject, payload)
    return Event.objects.create(
        name=found.name,
        version=found.version,
        subject_type=found.subject,
        subject_id=str(subject.pk),
        payload=data,
        actor=actor if getattr(actor, "pk", None) else None,
        **fields,
    )


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
