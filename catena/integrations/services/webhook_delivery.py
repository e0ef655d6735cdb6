"""Sending webhooks: the signed request, one attempt of one delivery, and the backoff in between.

:func:`attempt_delivery` makes exactly one attempt and stores when the next one is due; the Celery
task ``integrations.deliver_webhook`` wraps it and, with a broker, retries with that countdown.
Without a broker the next attempt waits in ``next_attempt_at`` until :func:`due_deliveries` finds
it (``catena serve`` looks every half minute). An attempt is
claimed with a conditional update on ``attempts``, so a task delivered twice sends once. Every
attempt made leaves a :class:`~catena.integrations.models.WebhookAttempt` row, written in the
transaction that updates the delivery's summary.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import os
import random
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import events
from catena.core.models import Event
from catena.integrations.choices import OPEN_DELIVERY_STATUSES, AttemptOutcome, DeliveryStatus
from catena.integrations.models import (
    ATTEMPT_EXCERPT_BYTES,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from catena.integrations.services.signatures import signature_header

logger = logging.getLogger(__name__)

USER_AGENT = "Catena-Webhooks/1"
EXCERPT_CHARS = 1000  # of the receiver's answer, kept for the delivery log
READ_BYTES = max(4 * EXCERPT_CHARS, ATTEMPT_EXCERPT_BYTES)
MAX_BACKOFF_SECONDS = 6 * 3600
STALLED_AFTER = timedelta(minutes=15)  # an open delivery this late has lost its task

# Each can be set in Django settings or in the environment of the same name.
DEFAULTS: dict[str, Any] = {
    "CATENA_WEBHOOKS_MAX_ATTEMPTS": 8,  # per round; a redelivery starts a new round
    "CATENA_WEBHOOKS_BACKOFF_SECONDS": 60,  # wait after the first failed attempt; doubles each time
    "CATENA_WEBHOOKS_TIMEOUT": 10.0,  # seconds to connect, and to wait for each read
    "CATENA_WEBHOOKS_DISABLE_AFTER": 20,  # failed deliveries in a row that disable a subscription
    "CATENA_WEBHOOKS_ALLOW_PRIVATE": False,  # allow loopback and private addresses (tests, intranets)
}


def config(name: str) -> Any:
    """A webhook setting: Django settings first, then the environment, then the default."""
    default = DEFAULTS[name]
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    if value is None or value == "":
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}
    try:
        return type(default)(value)
    except (TypeError, ValueError):
        return default


def allows_private_addresses() -> bool:
    """Only ``CATENA_WEBHOOKS_ALLOW_PRIVATE`` lets webhooks reach inside; ``CATENA_DEBUG`` does not."""
    return bool(config("CATENA_WEBHOOKS_ALLOW_PRIVATE"))


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052, the well-known NAT64 prefix
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291, deprecated but still routed by some stacks


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: IPv4-mapped and -compatible, 6to4, NAT64, and
    both ends of Teredo. Empty for a plain IPv6 address."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    refused = (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )
    return ip.is_global and not refused


def is_public_address(address: str) -> bool:
    """Is ``address`` (an IP literal) on the public internet? Loopback, private, link-local,
    reserved, multicast and unspecified addresses are not, nor any IPv6 form that carries one of
    them as its IPv4 address (``::ffff:127.0.0.1``, ``::127.0.0.1``, ``2002:7f00:1::``,
    ``64:ff9b::7f00:1``, Teredo)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded:
            return not ip.is_multicast and all(_is_public(v4) for v4 in embedded)
    return _is_public(ip)


class AddressNotAllowed(Exception):
    """The receiver's host resolves to an address webhooks may not reach."""


def resolve_receiver(host: str, port: int) -> str:
    """The address to connect to; refuses private ones unless they are allowed."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise OSError(f"no address for {host}")
    if not allows_private_addresses():
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked:
            raise AddressNotAllowed(
                _("%(host)s resolves to %(address)s, a private or local address; webhooks may not reach it.")
                % {"host": host, "address": blocked[0]}
            )
    return addresses[0]


# --- the request --------------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, so DNS cannot point the request elsewhere."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS; the certificate is still checked against the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Answer:
    """What one POST came back with: a status code, or an error before any answer."""

    code: int | None
    excerpt: str  # the first EXCERPT_CHARS characters, for the delivery's summary
    error: str
    duration_ms: int
    body_start: str = ""  # the first ATTEMPT_EXCERPT_BYTES bytes, for the attempt's row

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``; redirects are not followed and no proxy is used."""
    started = time.monotonic()
    code: int | None = None
    raw = b""
    error = ""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        secure = parts.scheme == "https"
        port = parts.port or (443 if secure else 80)
        address = resolve_receiver(host, port)
        connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
        connection = connection_class(host, port, address=address, timeout=config("CATENA_WEBHOOKS_TIMEOUT"))
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            code = response.status
            raw = response.read(READ_BYTES)
        finally:
            connection.close()
    except AddressNotAllowed as exc:
        error = str(exc)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}".strip()
    if code is not None and not 200 <= code < 300 and not error:
        error = _("The receiver answered HTTP %(code)s.") % {"code": code}
    text = raw.decode("utf-8", "replace").replace("\x00", "")
    # Cut on a character boundary: "ignore" only drops a character split by the cut.
    body_start = text.encode()[:ATTEMPT_EXCERPT_BYTES].decode("utf-8", "ignore")
    duration_ms = int((time.monotonic() - started) * 1000)
    return Answer(
        code=code,
        excerpt=text[:EXCERPT_CHARS],
        error=error[:2000],
        duration_ms=duration_ms,
        body_start=body_start,
    )


def idempotency_key(event: Event) -> str:
    """The same for every attempt and redelivery of one event."""
    return f"evt_{event.pk}"


def event_body(event: Event) -> bytes:
    """The JSON document a receiver gets for ``event``."""
    actor = event.actor
    document = {
        "id": idempotency_key(event),
        "event": event.name,
        "version": event.version,  # of the event's declaration (docs/events.md)
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "subject": {"type": event.subject_type, "id": event.subject_id},
        "actor": (
            {"id": actor.pk, "username": actor.username, "display_name": actor.display_name}
            if actor is not None
            else None
        ),
        "payload": event.payload,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def request_headers(
    delivery: WebhookDelivery, body: bytes, *, timestamp: int | None = None
) -> dict[str, str]:
    stamp = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Catena-Event": delivery.event.name,
        "X-Catena-Delivery": delivery.idempotency_key,
        "X-Catena-Timestamp": str(stamp),
        "X-Catena-Signature": signature_header(delivery.subscription.secret, stamp, body),
    }


# --- one attempt ------------------------------------------------------------------------------


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
