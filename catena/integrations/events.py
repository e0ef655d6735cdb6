"""The domain events of integrations: imports, webhooks and the carriers' keys (declared here,
emitted by ``integrations.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, declare

# --- imports ----------------------------------------------------------------------------------


class ImportOutcome(EventPayload):
    kind: str
    """What was imported: ``parties``, ``products`` or ``interactions``."""
    mode: str
    """``valid_rows`` or ``all_or_nothing``."""
    rows: int
    """Rows read."""
    created: int
    """Records created."""
    updated: int
    """Records updated."""
    rejected: int
    """Rows rejected (see the job's error report)."""


IMPORT_EXAMPLE = {"kind": "parties", "mode": "valid_rows", "rows": 5000, "created": 4890, "updated": 100}


@declare("import.completed", subject="integrations.importjob", example={**IMPORT_EXAMPLE, "rejected": 10})
class ImportCompleted(ImportOutcome):
    """A committed import finished. Its records were announced chunk by chunk before
    (``party.imported``, ``product.imported``, ``interaction.imported``)."""


@declare(
    "import.failed",
    subject="integrations.importjob",
    example={**IMPORT_EXAMPLE, "created": 0, "updated": 0, "rejected": 3},
)
class ImportFailed(ImportOutcome):
    """A committed import stopped: all or nothing with rejected rows (nothing was written), or an
    error (the chunks committed before it stay)."""


# --- webhooks ---------------------------------------------------------------------------------


class SubscriptionSummary(EventPayload):
    name: str
    """The subscription's name."""
    events: list[str]
    """The event names it asks for (``party.*``, ``*``, …)."""
    is_active: bool
    """Whether it receives deliveries."""


SUBSCRIPTION_EXAMPLE = {"name": "ERP 同步", "events": ["order.*", "party.*"], "is_active": True}


@declare(
    "webhook.subscription_created", subject="integrations.webhooksubscription", example=SUBSCRIPTION_EXAMPLE
)
class WebhookSubscriptionCreated(SubscriptionSummary):
    """A webhook subscription was created (its URL is not repeated: it may hold a token)."""


@declare(
    "webhook.subscription_updated",
    subject="integrations.webhooksubscription",
    example={**SUBSCRIPTION_EXAMPLE, "fields": ["events"]},
)
class WebhookSubscriptionUpdated(SubscriptionSummary):
    """A webhook subscription changed."""

    fields: list[str]
    """The fields that changed."""


@declare(
    "webhook.subscription_deleted", subject="integrations.webhooksubscription", example=SUBSCRIPTION_EXAMPLE
)
class WebhookSubscriptionDeleted(SubscriptionSummary):
    """A webhook subscription was deleted."""


@declare(
    "webhook.subscription_disabled",
    subject="integrations.webhooksubscription",
    example={"name": "ERP 同步", "failed_deliveries": 20},
)
class WebhookSubscriptionDisabled(EventPayload):
    """A webhook subscription was switched off after too many deliveries in a row failed."""

    name: str
    """The subscription's name."""
    failed_deliveries: int
    """How many deliveries in a row failed."""


@declare("webhook.secret_rotated", subject="integrations.webhooksubscription", example={"name": "ERP 同步"})
class WebhookSecretRotated(EventPayload):
    """A webhook subscription's signing secret was replaced."""

    name: str
    """The subscription's name."""


class SubscriptionRef(EventPayload):
    id: int
    """The subscription."""
    name: str
    """Its name."""


@declare(
    "webhook.test",
    subject="integrations.webhooksubscription",
    example={
        "subscription": {"id": 3, "name": "ERP 同步"},
        "message": "This is a test event sent from Catena.",
    },
)
class WebhookTest(EventPayload):
    """Sent on request to one subscription only, to check its receiver (never to the others)."""

    subscription: SubscriptionRef
    """The subscription it was sent to."""
    message: str
    """A fixed English sentence."""


# --- carriers' keys ---------------------------------------------------------------------------


@declare(
    "carrier_key.created",
    subject="integrations.carrierinboundkey",
    example={"carrier": 23, "prefix": "ck_7Hq2"},
)
class CarrierKeyCreated(EventPayload):
    """A key was issued for a carrier to send its tracking events."""

    carrier: int
    """The carrier party."""
    prefix: str
    """The key's public prefix (the key itself is never repeated)."""


@declare(
    "carrier_key.revoked",
    subject="integrations.carrierinboundkey",
    example={"carrier": 23, "prefix": "ck_7Hq2"},
)
class CarrierKeyRevoked(EventPayload):
    """A carrier's key was revoked: from now on it is refused."""

    carrier: int
    """The carrier party."""
    prefix: str
    """The key's public prefix."""
