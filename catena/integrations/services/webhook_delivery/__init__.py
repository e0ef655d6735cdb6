"""Sending webhooks: the signed request, one attempt of one delivery, and the backoff in between.
One module per topic: ``config`` (the settings), ``addresses`` (which receivers may be reached),
``request`` (the body, its headers and the POST) and ``attempts`` (one attempt, the backoff, the
deliveries due or stalled); every name is importable from here.

:func:`attempt_delivery` makes exactly one attempt and stores when the next one is due; the Celery
task ``integrations.deliver_webhook`` wraps it and, with a broker, retries with that countdown.
Without a broker the next attempt waits in ``next_attempt_at`` until :func:`due_deliveries` finds
it (``catena serve`` looks every half minute). An attempt is
claimed with a conditional update on ``attempts``, so a task delivered twice sends once. Every
attempt made leaves a :class:`~catena.integrations.models.WebhookAttempt` row, written in the
transaction that updates the delivery's summary.
"""

from catena.integrations.services.webhook_delivery.addresses import (
    AddressNotAllowed,
    allows_private_addresses,
    is_public_address,
    resolve_receiver,
)
from catena.integrations.services.webhook_delivery.attempts import (
    MAX_BACKOFF_SECONDS,
    STALLED_AFTER,
    AttemptResult,
    attempt_delivery,
    backoff_seconds,
    due_deliveries,
    stalled_deliveries,
)
from catena.integrations.services.webhook_delivery.config import (
    DEFAULTS,
    config,
)
from catena.integrations.services.webhook_delivery.request import (
    EXCERPT_CHARS,
    READ_BYTES,
    USER_AGENT,
    Answer,
    event_body,
    idempotency_key,
    post,
    request_headers,
)

__all__ = [
    "AddressNotAllowed",
    "Answer",
    "AttemptResult",
    "DEFAULTS",
    "EXCERPT_CHARS",
    "MAX_BACKOFF_SECONDS",
    "READ_BYTES",
    "STALLED_AFTER",
    "USER_AGENT",
    "allows_private_addresses",
    "attempt_delivery",
    "backoff_seconds",
    "config",
    "due_deliveries",
    "event_body",
    "idempotency_key",
    "is_public_address",
    "post",
    "request_headers",
    "resolve_receiver",
    "stalled_deliveries",
]
