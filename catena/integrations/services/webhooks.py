"""Use cases of outbound webhooks: subscriptions, the fan-out of domain events to them, test
events and redeliveries. Sending itself is :mod:`catena.integrations.services.webhook_delivery`.

Every domain event reaches :func:`queue_deliveries` (a ``"*"`` handler of the outbox). In the
dispatch transaction it writes one delivery per matching active subscription; the deliveries are
sent by a Celery task once that transaction commits.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

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
from catena.integrations.models import (
    ALL_EVENTS,
    TEST_EVENT,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from catena.integrations.services import webhook_delivery
from catena.integrations.services.webhook_delivery import config, idempotency_key, is_public_address

# "*", or dotted lowercase words of which the last may be "*": order.stage_changed, order.*
EVENT_PATTERN = re.compile(r"^\*$|^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.([a-z][a-z0-9_]*|\*)$")
MAX_EVENT_NAMES = 50
PRUNE_BATCH = 1000  # attempts deleted per statement, so that no delete holds the table for long
EDITABLE = ("name", "url", "event_names", "is_active")

# Events worth subscribing to, offered as suggestions (any name a service emits may be used).
KNOWN_EVENTS = (
    "sales_order.placed",
    "sales_order.updated",
    "order.status_changed",
    "order.stage_changed",
    "purchase_order.sent",
    "purchase_order.confirmed",
    "purchase_order.received",
    "work_order.status_changed",
    "shipment.created",
    "shipment.event",
    "shipment.proof_of_delivery",
    "party.created",
    "party.updated",
    "interaction.created",
    "webhook.subscription_disabled",
)


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


# --- validation -------------------------------------------------------------------------------


def clean_event_names(value: str | Iterable[str]) -> list[str]:
    """Event names from a list or from text (one per line or separated by commas or spaces)."""
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else [str(v) for v in value]
    names: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in names:
            names.append(item)
    if not names:
        raise ValidationError(
            {
                "events": [
                    ValidationError(_("Choose at least one event, or * for every event."), code="required")
                ]
            }
        )
    if len(names) > MAX_EVENT_NAMES:
        raise ValidationError(
            {
                "events": [
                    ValidationError(
                        _("At most %(count)d event names.") % {"count": MAX_EVENT_NAMES}, code="too_long"
                    )
                ]
            }
        )
    bad = [n for n in names if len(n) > 80 or not EVENT_PATTERN.match(n)]
    if bad:
        raise ValidationError(
            {
                "events": [
                    ValidationError(
                        _(
                            "“%(name)s” is not an event name: use names like order.stage_changed, order.* or *."
                        )
                        % {"name": bad[0][:80]},
                        code="webhook.invalid_event",
                    )
                ]
            }
        )
    return [ALL_EVENTS] if ALL_EVENTS in names else names


def _is_local_host(host: str) -> bool:
    """Is ``host`` an address or name that leads inside (loopback, private network, this machine)?"""
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return not is_public_address(name)
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False  # not resolvable yet: checked again before every delivery
    return any(not is_public_address(str(info[4][0])) for info in infos)


def clean_url(value: str) -> str:
    """An http(s) URL of a receiver Catena may reach."""
    url = (value or "").strip()
    if not url:
        raise ValidationError({"url": [ValidationError(_("This field is required."), code="required")]})
    if len(url) > 500:
        raise ValidationError({"url": [ValidationError(_("At most 500 characters."), code="too_long")]})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValidationError(
            {"url": [ValidationError(_("This is not a valid URL."), code="webhook.invalid_url")]}
        ) from exc
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            {
                "url": [
                    ValidationError(
                        _("Only http:// and https:// URLs can receive webhooks."), code="webhook.invalid_url"
                    )
                ]
            }
        )
    if not parts.hostname or any(c.isspace() for c in url):
        raise ValidationError(
            {"url": [ValidationError(_("This is not a valid URL."), code="webhook.invalid_url")]}
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            {
                "url": [
                    ValidationError(
                        _("Leave credentials out of the URL: receivers check the signature instead."),
                        code="webhook.invalid_url",
                    )
                ]
            }
        )
    if port == 0:
        raise ValidationError(
            {"url": [ValidationError(_("This is not a valid URL."), code="webhook.invalid_url")]}
        )
    if not webhook_delivery.allows_private_addresses() and _is_local_host(parts.hostname):
        raise ValidationError(
            {
                "url": [
                    ValidationError(
                        _("Webhooks may not be sent to local or private network addresses."),
                        code="webhook.private_address",
                    )
                ]
            }
        )
    return url


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(changes)
    errors: dict[str, list[ValidationError]] = {}
    if "name" in changes:
        name = str(changes["name"] or "").strip()
        if not name:
            errors["name"] = [ValidationError(_("This field is required."), code="required")]
        elif len(name) > 100:
            errors["name"] = [ValidationError(_("At most 100 characters."), code="too_long")]
        cleaned["name"] = name
    for key, clean in (("url", clean_url), ("event_names", clean_event_names)):
        if key in changes:
            try:
                cleaned[key] = clean(changes[key])
            except ValidationError as exc:
                errors.update(exc.error_dict)
    if "is_active" in changes:
        cleaned["is_active"] = bool(changes["is_active"])
    if errors:
        raise ValidationError(errors)
    return cleaned


def _summary(subscription: WebhookSubscription) -> dict[str, Any]:
    # No URL: it may carry a receiver's token in its query string.
    return {
        "name": subscription.name,
        "events": subscription.event_names,
        "is_active": subscription.is_active,
    }


# --- subscriptions ----------------------------------------------------------------------------


@transaction.atomic
def create_subscription(
    *,
    actor: User | None,
    name: str,
    url: str,
    event_names: str | Iterable[str],
    is_active: bool = True,
) -> WebhookSubscription:
    """A new subscription with a fresh secret (show ``subscription.secret`` to the admin once)."""
    if actor is not None:
        access.ensure(actor, access.ADD, WebhookSubscription)
    data = _clean({"name": name, "url": url, "event_names": event_names, "is_active": is_active})
    subscription = WebhookSubscription.objects.create(secret=new_secret(), created_by=actor, **data)
    events.emit("webhook.subscription_created", subscription, actor=actor, payload=_summary(subscription))
    return subscription


@transaction.atomic
def update_subscription(
    subscription: WebhookSubscription, *, actor: User | None, **changes: Any
) -> WebhookSubscription:
    """Change the fields given. Enabling a subscription forgets its failures."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, subscription)
    unknown = sorted(k for k in changes if k not in EDITABLE)
    if unknown:
        raise ValidationError(
            {key: [ValidationError(_("Unknown field."), code="unknown_field")] for key in unknown}
        )
    data = _clean(changes)
    if data.get("is_active") and not subscription.is_active:
        data.update(consecutive_failures=0, disabled_reason="")
    for key, value in data.items():
        setattr(subscription, key, value)
    subscription.save()
    events.emit(
        "webhook.subscription_updated",
        subscription,
        actor=actor,
        payload={**_summary(subscription), "fields": sorted(changes)},
    )
    return subscription


@transaction.atomic
def rotate_secret(subscription: WebhookSubscription, *, actor: User | None) -> WebhookSubscription:
    """Replace the signing secret; deliveries from now on are signed with the new one."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, subscription)
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret", "updated_at"])
    events.emit("webhook.secret_rotated", subscription, actor=actor, payload={"name": subscription.name})
    return subscription


@transaction.atomic
def delete_subscription(subscription: WebhookSubscription, *, actor: User | None) -> None:
    """Delete the subscription with its delivery log."""
    if actor is not None:
        access.ensure(actor, access.DELETE, subscription)
    events.emit("webhook.subscription_deleted", subscription, actor=actor, payload=_summary(subscription))
    subscription.delete()


# --- deliveries -------------------------------------------------------------------------------


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
