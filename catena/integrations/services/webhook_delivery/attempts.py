"""One attempt of one delivery, the backoff before the next, and the deliveries whose next
attempt is due or whose task was lost."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import events
from catena.integrations.choices import OPEN_DELIVERY_STATUSES, AttemptOutcome, DeliveryStatus
from catena.integrations.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from catena.integrations.services.webhook_delivery.config import config
from catena.integrations.services.webhook_delivery.request import event_body, post, request_headers

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 6 * 3600
STALLED_AFTER = timedelta(minutes=15)  # an open delivery this late has lost its task


def backoff_seconds(attempt_of_round: int) -> int:
    """The wait after the ``attempt_of_round``-th failed attempt: 1, 2, 4, 8… minutes, plus up to
    10 % jitter so that many deliveries failing together do not come back together."""
    base = config("CATENA_WEBHOOKS_BACKOFF_SECONDS") * 2 ** max(0, attempt_of_round - 1)
    return min(MAX_BACKOFF_SECONDS, int(base + random.uniform(0, base / 10)))


@dataclass(frozen=True)
class AttemptResult:
    status: str  # the delivery's status afterwards ("missing" when there is no such delivery)
    attempt: int  # the number of the attempt made, or of the last one when none was made
    retry_in: int | None  # seconds until the next attempt; None when no attempt follows


def attempt_delivery(
    delivery_id: int, *, attempt: int | None = None, triggered_by_id: int | None = None
) -> AttemptResult:
    """Make the next attempt of one delivery, if it is still open.

    ``attempt`` is the number of the attempt the caller means to make; a stale or duplicated
    task (whose attempt was already made) does nothing. Without it, the next attempt is made.
    ``triggered_by_id`` is the user who asked for it (a test event or a redelivery), if any.
    """
    delivery = (
        WebhookDelivery.objects.select_related("subscription", "event", "event__actor")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return AttemptResult("missing", 0, None)
    number = delivery.attempts + 1
    if not delivery.is_open or (attempt is not None and attempt != number):
        return AttemptResult(delivery.status, delivery.attempts, None)
    unclaimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status__in=OPEN_DELIVERY_STATUSES
    )
    subscription = delivery.subscription
    if not subscription.is_active and not delivery.is_test:
        unclaimed.update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=_("The subscription is disabled; nothing was sent."),
            updated_at=timezone.now(),
        )
        return AttemptResult(DeliveryStatus.FAILED, delivery.attempts, None)
    now = timezone.now()
    if not unclaimed.update(attempts=number, last_attempt_at=now, next_attempt_at=None, updated_at=now):
        return AttemptResult(delivery.status, delivery.attempts, None)

    body = event_body(delivery.event)
    answer = post(subscription.url, body, request_headers(delivery, body))

    retry_in: int | None = None
    finished = timezone.now()
    changes: dict[str, Any] = {
        "response_code": answer.code,
        "response_excerpt": answer.excerpt,
        "last_error": answer.error,
        "duration_ms": answer.duration_ms,
        "updated_at": finished,
    }
    if answer.ok:
        changes.update(status=DeliveryStatus.SUCCEEDED, delivered_at=finished)
        outcome = AttemptOutcome.DELIVERED
    elif number >= delivery.final_attempt:
        changes.update(status=DeliveryStatus.FAILED)
        single = delivery.is_test or config("CATENA_WEBHOOKS_MAX_ATTEMPTS") <= 1
        outcome = AttemptOutcome.FAILED if single else AttemptOutcome.GAVE_UP
    else:
        round_start = delivery.final_attempt - config("CATENA_WEBHOOKS_MAX_ATTEMPTS")
        retry_in = backoff_seconds(number - round_start)
        changes.update(status=DeliveryStatus.RETRYING, next_attempt_at=finished + timedelta(seconds=retry_in))
        outcome = AttemptOutcome.WILL_RETRY
    triggered_by = _existing_user(triggered_by_id)
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk, attempts=number).update(**changes)
        # The request went out, so it is recorded even if another attempt has overtaken this one.
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=now,
            duration_ms=answer.duration_ms,
            response_code=answer.code,
            response_excerpt=answer.body_start,
            error=answer.error,
            outcome=outcome,
            next_attempt_at=changes.get("next_attempt_at"),
            triggered_by_id=triggered_by,
        )
    if not delivery.is_test and changes["status"] != DeliveryStatus.RETRYING:
        _count_outcome(subscription, succeeded=answer.ok)
    return AttemptResult(changes["status"], number, retry_in)


def _existing_user(user_id: int | None) -> int | None:
    """``user_id`` if that user still exists (the task may run after the user was deleted)."""
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id).values_list("pk", flat=True).first()


@transaction.atomic
def _count_outcome(subscription: WebhookSubscription, *, succeeded: bool) -> None:
    """Keep count of failed deliveries in a row; too many disable the subscription."""
    subscriptions = WebhookSubscription.objects.filter(pk=subscription.pk)
    if succeeded:
        subscriptions.filter(consecutive_failures__gt=0).update(consecutive_failures=0)
        return
    subscriptions.update(consecutive_failures=models.F("consecutive_failures") + 1)
    limit = config("CATENA_WEBHOOKS_DISABLE_AFTER")
    if limit <= 0:
        return
    reason = _("Disabled automatically after %(count)d failed deliveries in a row.") % {"count": limit}
    if subscriptions.filter(is_active=True, consecutive_failures__gte=limit).update(
        is_active=False, disabled_reason=reason, updated_at=timezone.now()
    ):
        logger.warning("webhook subscription %s disabled after %s failed deliveries", subscription.pk, limit)
        events.emit(
            "webhook.subscription_disabled",
            subscription,
            payload={"name": subscription.name, "failed_deliveries": limit},
        )


def stalled_deliveries(limit: int = 500) -> list[int]:
    """Open deliveries whose task was lost (a worker died mid-attempt, the broker lost a message)."""
    cutoff = timezone.now() - STALLED_AFTER
    late = models.Q(next_attempt_at__lt=cutoff) | models.Q(
        next_attempt_at__isnull=True, last_attempt_at__lt=cutoff
    )
    return list(
        WebhookDelivery.objects.filter(late, status__in=OPEN_DELIVERY_STATUSES)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )


def due_deliveries(limit: int = 500) -> list[tuple[int, int]]:
    """``(delivery id, number of the attempt due)`` of the retrying deliveries whose next attempt
    is due, the longest waiting first."""
    rows = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "id")
        .values_list("pk", "attempts")[:limit]
    )
    return [(pk, attempts + 1) for pk, attempts in rows]
