"""The request a receiver gets: the signed JSON body and its headers, POSTed to the address
already checked, with no redirects and no proxy."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from catena.core.models import Event
from catena.integrations.models import (
    ATTEMPT_EXCERPT_BYTES,
    WebhookDelivery,
)
from catena.integrations.services.signatures import signature_header
from catena.integrations.services.webhook_delivery.addresses import AddressNotAllowed, resolve_receiver
from catena.integrations.services.webhook_delivery.config import config

USER_AGENT = "Catena-Webhooks/1"
EXCERPT_CHARS = 1000  # of the receiver's answer, kept for the delivery log
READ_BYTES = max(4 * EXCERPT_CHARS, ATTEMPT_EXCERPT_BYTES)


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
