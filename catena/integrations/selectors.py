"""Reads shared by the webhook pages and the webhooks API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from catena.accounts import roles
from catena.accounts import services as accounts
from catena.accounts.models import CompanyProfile, User
from catena.core import access
from catena.fulfilment.models import FlowStep, FlowTemplate
from catena.integrations.models import (
    CarrierInboundKey,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party

ATTEMPT_HISTORY_MIGRATION = "0003_webhook_attempts"


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


NOT_KEPT = "not_kept"  # pruned after CATENA_WEBHOOK_ATTEMPT_DAYS
NOT_RECORDED = "not_recorded"  # made before this database kept attempts at all
EITHER = "either"  # a mix of both, which the counter alone cannot split


@dataclass(frozen=True)
class UnlistedAttempts:
    """Earlier attempts of a delivery that its page cannot list, and why."""

    count: int
    reason: str
    recorded_since: datetime | None = None


def attempt_history_started_at() -> datetime | None:
    """When this database began keeping attempts: the migration that created their table
    (None if that record is gone, e.g. after squashing)."""
    return (
        MigrationRecorder.Migration.objects.filter(app="integrations", name=ATTEMPT_HISTORY_MIGRATION)
        .values_list("applied", flat=True)
        .first()
    )


def unlisted_attempts(
    delivery: WebhookDelivery, kept: list[WebhookAttempt], *, in_flight: bool
) -> UnlistedAttempts:
    """How many of the delivery's earlier attempts have no row (the counter remembers them), and
    whether the retention pruned them or they were made before attempts were recorded."""
    count = (kept[0].number - 1) if kept else delivery.attempts - int(in_flight)
    if count <= 0:
        return UnlistedAttempts(0, NOT_KEPT)
    since = attempt_history_started_at()
    if since is None or delivery.created_at >= since:
        return UnlistedAttempts(count, NOT_KEPT)
    keep_days = settings.CATENA_WEBHOOK_ATTEMPT_DAYS
    # Pruning removes attempts started before the cutoff; while that lies before the history began,
    # no recorded attempt has been pruned, and one made before it was never recorded.
    has_pruned_nothing = keep_days <= 0 or timezone.now() - timedelta(days=keep_days) <= since
    has_no_attempt_since = delivery.last_attempt_at is not None and delivery.last_attempt_at < since
    reason = NOT_RECORDED if has_pruned_nothing or has_no_attempt_since else EITHER
    return UnlistedAttempts(count, reason, since)


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


@dataclass(frozen=True)
class FirstRunStep:
    """One step of the first-run checklist and whether the data says it is done."""

    key: str
    is_done: bool


def first_run_steps(user: Any) -> list[FirstRunStep]:
    """The first-run checklist of an installation, each step computed from the data: our company
    has a name; a colleague besides the first administrator signs in; parties exist; a person
    changed a flow template (the templates installed with Catena have no author)."""
    colleagues = User.objects.for_user(user).filter(is_active=True, role__in=roles.INTERNAL_ROLES)
    flow_changed = (
        FlowTemplate.history.filter(history_user__isnull=False).exists()
        or FlowStep.history.filter(history_user__isnull=False).exists()
    )
    return [
        FirstRunStep("company", accounts.company_profile().is_complete),
        FirstRunStep("users", colleagues.exclude(pk=user.pk).exists()),
        FirstRunStep("parties", Party.objects.for_user(user).exists()),
        FirstRunStep("flow", flow_changed),
    ]


def shows_first_run_checklist(user: Any) -> bool:
    """The checklist is for administrators until every step is done or one of them dismissed it."""
    if not access.can(user, access.CHANGE, CompanyProfile):
        return False
    if accounts.company_profile().checklist_dismissed_at is not None:
        return False
    return not all(step.is_done for step in first_run_steps(user))
