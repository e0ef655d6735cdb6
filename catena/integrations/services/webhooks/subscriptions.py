"""Use cases on webhook subscriptions: create, change, rotate the secret, delete."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.integrations.models import WebhookSubscription
from catena.integrations.services.webhooks.checks import clean_changes

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
    data = clean_changes({"name": name, "url": url, "event_names": event_names, "is_active": is_active})
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
    data = clean_changes(changes)
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
