"""The outbox: events are written with the change and dispatched once."""

from __future__ import annotations

import pytest
from django.db import transaction

from catena.core import events
from catena.core.models import Event
from catena.parties import services as party_services

pytestmark = pytest.mark.django_db


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
