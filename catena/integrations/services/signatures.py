"""The signature of webhook bodies, outbound and inbound alike (like Stripe's and GitHub's).

``X-Catena-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``. The time is
part of what is signed, so a captured request cannot be replayed after ``tolerance`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SCHEME = "v1"
TOLERANCE_SECONDS = 300


def signature_of(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with ``secret``."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},{SCHEME}={signature_of(secret, timestamp, body)}"


def parse_header(header: str) -> tuple[int | None, list[str]]:
    """The timestamp and the ``v1`` signatures of a signature header (several during a rotation)."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdecimal() and len(value) <= 12:
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value)
    return timestamp, signatures


def is_valid_signature(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Does ``header`` sign ``body`` with ``secret``, at a time less than ``tolerance`` seconds away?"""
    timestamp, signatures = parse_header(header or "")
    if timestamp is None or not signatures:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = signature_of(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
