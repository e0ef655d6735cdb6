"""Background work on a real broker: events reach the worker through the queue."""

from __future__ import annotations

import time

import pytest

from catena.core.models import Event
from catena.parties import services as party_services

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wait_until(predicate, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_committed_change_is_dispatched_by_the_worker(celery_worker_on_broker) -> None:  # type: ignore[no-untyped-def]
    party = party_services.create_party(actor=None, name="队列派发测试有限公司")
    event = Event.objects.get(name="party.created", subject_id=str(party.pk))

    assert wait_until(lambda: Event.objects.filter(pk=event.pk, dispatched_at__isnull=False).exists())
    event.refresh_from_db()
    assert event.attempts == 1
