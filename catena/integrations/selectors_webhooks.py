"""Reads shared by the webhook pages and the webhooks API."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from catena.core import access
from catena.integrations.models import (
    CarrierInboundKey,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party


def subscription_list(user: Any, *, is_active: bool | None = None) -> QuerySet[WebhookSubscription]:
    """Subscriptions with the state of their latest delivery (``last_status``, ``last_response_code``,
    ``last_delivery_at``)."""
    latest = WebhookDelivery.objects.filter(subscription=OuterRef("pk")).order_by("-id")
    subscriptions = access.restrict(WebhookSubscription.objects.select_related("created_by"), user).annotate(
        last_status=Subquery(latest.values("status")[:1]),
        last_response_code=Subquery(latest.values("response_code")[:1]),
        last_delivery_at=Subquery(latest.values("created_at")[:1]),
    )
    if is_active is not None:
        subscriptions = subscriptions.filter(is_active=is_active)
    return subscriptions


def delivery_list(
    user: Any, subscription: WebhookSubscription, *, status: str | None = None, event: str | None = None
) -> QuerySet[WebhookDelivery]:
    """The delivery log of one subscription, newest first."""
    deliveries = access.restrict(
        WebhookDelivery.objects.filter(subscription=subscription).select_related("event"), user
    )
    if status:
        deliveries = deliveries.filter(status=status)
    if event:
        deliveries = deliveries.filter(event__name=event)
    return deliveries.order_by("-id")


def delivery_attempts(user: Any, delivery: WebhookDelivery) -> QuerySet[WebhookAttempt]:
    """Every attempt of one delivery still kept, in the order they were made."""
    attempts = WebhookAttempt.objects.filter(delivery=delivery).select_related("triggered_by")
    return access.restrict(attempts, user).order_by("number")


def carrier_key_list(
    user: Any, *, carrier_id: int | None = None, is_active: bool | None = None
) -> QuerySet[CarrierInboundKey]:
    keys = access.restrict(CarrierInboundKey.objects.select_related("carrier", "created_by"), user)
    if carrier_id is not None:
        keys = keys.filter(carrier_id=carrier_id)
    if is_active is not None:
        keys = keys.filter(revoked_at__isnull=is_active)
    return keys


def carriers() -> QuerySet[Party]:
    """Parties that may be given an inbound key."""
    return Party.objects.with_role(PartyRoleType.CARRIER).order_by("name")
