"""The outbox: events are written with the change and dispatched once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from django.db import transaction

from catena.core import events
from catena.core.models import Event
from catena.parties import services as party_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog_events() -> Iterator[None]:
    """Two events only these tests emit, declared while they run."""

    @events.declare("test.backlog", subject="parties.party", example={})
    class Backlog(events.EventPayload):
        """A test event."""

    @events.declare("test.follow_up", subject="parties.party", example={"of": 1})
    class FollowUp(events.EventPayload):
        """A test event emitted by the handler of another."""

        of: int

    yield
    for name in ("test.backlog", "test.follow_up"):
        events._declared.pop(name)


def test_party_creation_writes_its_event_in_the_same_transaction() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        party_services.create_party(actor=None, name="回滚测试有限公司")
        assert Event.objects.filter(name="party.created").count() == 1
        raise RuntimeError("roll back")

    assert Event.objects.count() == 0


def test_dispatch_runs_each_handler_once_even_when_repeated() -> None:
    seen: list[int] = []
    handler = events.subscribe("party.created")(lambda event: seen.append(event.pk))
    try:
        party = party_services.create_party(actor=None, name="华东物流有限公司")
        event = Event.objects.get(name="party.created", subject_id=str(party.pk))

        assert events.dispatch_pending() >= 1
        assert events.dispatch_pending() == 0

        event.refresh_from_db()
        assert event.dispatched_at is not None
        assert seen.count(event.pk) == 1
    finally:
        events._handlers["party.created"].remove(handler)


def test_a_failing_handler_leaves_the_event_pending_with_the_error() -> None:
    def broken(event: Event) -> None:
        raise ValueError("webhook endpoint down")

    events.subscribe("party.created")(broken)
    try:
        party = party_services.create_party(actor=None, name="失败处理测试公司")
        event = Event.objects.get(name="party.created", subject_id=str(party.pk))

        assert events.dispatch_event(event) is False

        event.refresh_from_db()
        assert event.dispatched_at is None
        assert event.attempts == 1
        assert "webhook endpoint down" in event.last_error
    finally:
        events._handlers["party.created"].remove(broken)


def test_dispatch_is_scheduled_when_the_change_commits(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        party_services.create_party(actor=None, name="提交后派发有限公司")

    assert callbacks, "no dispatch was scheduled on commit"
    assert Event.objects.pending().count() == 0


def test_an_event_outliving_a_rolled_back_savepoint_is_still_dispatched(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            party_services.create_party(actor=None, name="回滚的保存点有限公司")
            raise RuntimeError("roll back the savepoint only")
        party_services.create_party(actor=None, name="留下的事件有限公司")

    assert Event.objects.count() == 1
    assert Event.objects.pending().count() == 0


def test_with_a_broker_the_commits_of_a_moment_share_one_dispatch_task(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from catena.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # as with a broker: the task would be queued
    monkeypatch.setattr(events, "_publish_dispatch", lambda: None)  # replaced below
    try:
        _check_coalescing(monkeypatch)
    finally:
        app.conf.task_always_eager = eager


def _check_coalescing(monkeypatch: pytest.MonkeyPatch) -> None:
    queued = threading.Event()
    published: list[float] = []

    def publish() -> None:
        published.append(time.monotonic())
        queued.set()

    monkeypatch.setattr(events, "_publish_dispatch", publish)
    for _commit in range(5):  # five transactions committing within the window
        events._schedule_dispatch()
    assert queued.wait(2)
    time.sleep(events.COALESCE_SECONDS * 3)
    assert len(published) == 1

    queued.clear()
    events._schedule_dispatch()  # a commit after the task was queued gets a task of its own
    assert queued.wait(2)
    assert len(published) == 2


def test_a_second_dispatcher_holding_the_same_event_runs_no_handler() -> None:
    seen: list[int] = []
    handler = events.subscribe("party.created")(lambda event: seen.append(event.pk))
    try:
        party = party_services.create_party(actor=None, name="双发派发有限公司")
        first = Event.objects.get(name="party.created", subject_id=str(party.pk))
        second = Event.objects.get(pk=first.pk)  # what the sweep read before the task claimed it

        assert events.dispatch_event(first) is True
        assert events.dispatch_event(second) is False

        assert seen.count(first.pk) == 1
    finally:
        events._handlers["party.created"].remove(handler)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("backlog_events")
def test_without_a_broker_a_backlog_whose_handlers_emit_events_is_dispatched_without_recursing() -> None:
    """Hundreds of pending events (left by a bulk job or a lost dispatch), each of whose handlers
    emits an event of its own: the in-process dispatch works through them all in rounds."""
    from catena.parties.models import Party

    party = Party.objects.create(name="积压事件测试有限公司")
    follow_ups: list[int] = []

    def follow_up(event: Event) -> None:
        follow_ups.append(event.pk)
        events.emit("test.follow_up", party, payload={"of": event.pk})

    events.subscribe("test.backlog")(follow_up)
    try:
        Event.objects.bulk_create(
            Event(name="test.backlog", subject_type="parties.party", subject_id=str(party.pk))
            for _ in range(600)
        )
        with transaction.atomic():  # one more event, whose commit starts the dispatch
            events.emit("test.backlog", party)

        assert len(follow_ups) == 601
        assert Event.objects.pending().count() == 0
        assert Event.objects.filter(name="test.follow_up").count() == 601
    finally:
        events._handlers["test.backlog"].remove(follow_up)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("backlog_events")
def test_without_a_broker_a_backlog_larger_than_a_batch_is_dispatched_by_the_next_commit() -> None:
    from catena.parties.models import Party

    party = Party.objects.create(name="大批积压事件有限公司")
    seen: list[int] = []
    handler = events.subscribe("test.backlog")(lambda event: seen.append(event.pk))
    try:
        Event.objects.bulk_create(
            Event(name="test.backlog", subject_type="parties.party", subject_id=str(party.pk))
            for _ in range(events.BATCH + 100)
        )
        with transaction.atomic():
            events.emit("test.backlog", party)

        assert len(seen) == events.BATCH + 101
        assert Event.objects.pending().count() == 0
    finally:
        events._handlers["test.backlog"].remove(handler)


def test_an_unrouted_event_is_checked_recorded_and_seen_by_no_handler(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # Given a party and a handler of its events
    seen: list[int] = []
    handler = events.subscribe("party.updated")(lambda event: seen.append(event.pk))
    try:
        party = party_services.create_party(actor=None, name="华南配送有限公司")
        events.dispatch_pending()
        # When its caller records an event it delivers itself
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            event = events.record_unrouted("party.updated", party, payload={"fields": ["name"]})
        # Then the row is stored as dispatched, no dispatch is scheduled and no handler runs
        assert event.dispatched_at is not None
        assert (event.subject_type, event.subject_id) == ("parties.party", str(party.pk))
        assert callbacks == []
        assert events.dispatch_pending() == 0
        assert event.pk not in seen
        # and it is checked against its declaration as emit checks it
        with pytest.raises(events.EventError):
            events.record_unrouted("party.updated", party, payload={"fields": "name"})
    finally:
        events._handlers["party.updated"].remove(handler)
