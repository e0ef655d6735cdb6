"""The fan-out of domain events to subscriptions, test events, redeliveries and the periodic
jobs (due and stalled deliveries, pruning old attempts). Sending itself is
:mod:`catena.integrations.services.webhook_delivery`.

Every domain event reaches :func:`queue_deliveries` (a ``"*"`` handler of the outbox). In the
dispatch transaction it writes one delivery per matching active subscription; the deliveries are
sent by a Celery task once that transaction commits."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.models import Event
from catena.integrations.choices import DeliveryStatus
from catena.integrations.events import SubscriptionRef, WebhookTest
from catena.integrations.models import TEST_EVENT, WebhookAttempt, WebhookDelivery, WebhookSubscription
from catena.integrations.services import webhook_delivery
from catena.integrations.services.webhook_delivery import config, idempotency_key

PRUNE_BATCH = 1000  # attempts deleted per statement, so that no delete holds the table for long


def _deliver_after_commit(delivery_id: int, attempt: int, *, actor: User | None = None) -> None:
    from catena.integrations.tasks import deliver_webhook

    triggered_by = actor.pk if actor is not None else None
    transaction.on_commit(
        partial(deliver_webhook.delay, delivery_id, attempt=attempt, triggered_by=triggered_by)
    )


@events.subscribe(events.WILDCARD)
def queue_deliveries(event: Event) -> None:
    """One delivery of ``event`` per active subscription that asks for it (runs in the dispatch
    transaction, so a dispatch that fails leaves no delivery behind)."""
    if event.name == TEST_EVENT:
        return
    wanted = [s for s in WebhookSubscription.objects.filter(is_active=True) if s.wants(event.name)]
    if not wanted:
        return
    now = timezone.now()
    rounds = config("CATENA_WEBHOOKS_MAX_ATTEMPTS")
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=subscription,
                event=event,
                idempotency_key=idempotency_key(event),
                final_attempt=rounds,
                next_attempt_at=now,
            )
            for subscription in wanted
        ],
        ignore_conflicts=True,
    )
    queued = WebhookDelivery.objects.filter(
        event=event, subscription__in=wanted, attempts=0, status=DeliveryStatus.PENDING
    ).values_list("pk", flat=True)
    for delivery_id in queued:
        _deliver_after_commit(delivery_id, attempt=1)


@transaction.atomic
def send_test_event(subscription: WebhookSubscription, *, actor: User | None) -> WebhookDelivery:
    """Send a ``webhook.test`` event to this subscription alone (once, without retries; also to a
    disabled subscription, to check a receiver before enabling it again)."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, subscription)
    event = events.record_unrouted(
        WebhookTest(
            subscription=SubscriptionRef(id=subscription.pk, name=subscription.name),
            message="This is a test event sent from Catena.",
        ),
        subscription,
        actor=actor,
    )
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event=event,
        idempotency_key=idempotency_key(event),
        final_attempt=1,
        next_attempt_at=now,
    )
    _deliver_after_commit(delivery.pk, attempt=1, actor=actor)
    return delivery


@transaction.atomic
def redeliver(delivery: WebhookDelivery, *, actor: User | None) -> WebhookDelivery:
    """Send a delivery again with the same idempotency key: a finished one gets a new round of
    attempts; one still retrying is tried at once."""
    subscription = delivery.subscription
    if actor is not None:
        access.ensure(actor, access.CHANGE, subscription)
    if not subscription.is_active and not delivery.is_test:
        raise ValidationError(
            {
                "subscription": [
                    ValidationError(
                        _("Enable the subscription before sending events again."), code="webhook.inactive"
                    )
                ]
            }
        )
    now = timezone.now()
    same = WebhookDelivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts, status=delivery.status)
    if delivery.is_open:
        changed = same.update(next_attempt_at=now, updated_at=now)
    else:
        rounds = 1 if delivery.is_test else config("CATENA_WEBHOOKS_MAX_ATTEMPTS")
        changed = same.update(
            status=DeliveryStatus.PENDING,
            final_attempt=delivery.attempts + rounds,
            next_attempt_at=now,
            updated_at=now,
        )
    if not changed:
        raise ValidationError(
            {
                "delivery": [
                    ValidationError(
                        _("The delivery is being sent right now; try again in a moment."),
                        code="webhook.delivery_in_progress",
                    )
                ]
            }
        )
    _deliver_after_commit(delivery.pk, attempt=delivery.attempts + 1, actor=actor)
    delivery.refresh_from_db()
    return delivery


def reschedule_stalled() -> int:
    """Queue again the open deliveries whose task was lost; return how many."""
    from catena.integrations.tasks import deliver_webhook

    stalled = webhook_delivery.stalled_deliveries()
    now = timezone.now()
    for delivery_id in stalled:
        # Push the due time forward first so that the next sweep leaves the delivery to this task.
        WebhookDelivery.objects.filter(pk=delivery_id).update(next_attempt_at=now, updated_at=now)
        deliver_webhook.delay(delivery_id)
    return len(stalled)


def deliver_due(*, limit: int = 500) -> int:
    """Make the attempts whose time has come; return how many were made. Without a broker this is
    how a failed delivery is retried: each attempt stores when the next is due, and this runs
    every half minute in ``catena serve``. A delivery attempted meanwhile by another runner is
    left alone (the attempt number no longer matches)."""
    made = 0
    for delivery_id, number in webhook_delivery.due_deliveries(limit):
        outcome = webhook_delivery.attempt_delivery(delivery_id, attempt=number)
        made += outcome.attempt == number
    return made


def prune_attempts(*, days: int | None = None, batch_size: int = PRUNE_BATCH) -> int:
    """Delete the attempts started more than ``days`` (``CATENA_WEBHOOK_ATTEMPT_DAYS``) days ago,
    ``batch_size`` rows per statement; return how many. 0 days keeps every attempt."""
    keep_days = settings.CATENA_WEBHOOK_ATTEMPT_DAYS if days is None else days
    if keep_days <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=keep_days)
    old = WebhookAttempt.objects.filter(started_at__lt=cutoff).order_by()
    deleted = 0
    while True:
        batch = list(old.values_list("pk", flat=True)[:batch_size])
        if not batch:
            return deleted
        deleted += WebhookAttempt.objects.filter(pk__in=batch).delete()[0]
        if len(batch) < batch_size:
            return deleted
