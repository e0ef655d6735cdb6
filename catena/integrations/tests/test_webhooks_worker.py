"""Webhooks on a real broker: the worker delivers, and a failed attempt comes back after its
countdown (runs in the PostgreSQL + Redis suite; skipped without a broker)."""

from __future__ import annotations

import time

import pytest

from catena.integrations.choices import DeliveryStatus
from catena.integrations.models import WebhookDelivery
from catena.parties import services as party_services

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wait_until(predicate, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_retries_after_the_countdown_and_then_delivers(
    celery_worker_on_broker, receiver, subscribe, settings
):
    settings.CATENA_WEBHOOKS_BACKOFF_SECONDS = 1
    subscription = subscribe(receiver.url(), ["party.created"])
    receiver.answer(500)

    party_services.create_party(actor=None, name="队列重试测试有限公司")

    assert wait_until(
        lambda: WebhookDelivery.objects.filter(
            subscription=subscription, status=DeliveryStatus.SUCCEEDED
        ).exists()
    )
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.attempts == 2 and len(receiver.requests) == 2
    first, second = receiver.requests
    assert first.headers["X-Catena-Delivery"] == second.headers["X-Catena-Delivery"]
    assert int(second.headers["X-Catena-Timestamp"]) >= int(first.headers["X-Catena-Timestamp"])
