"""Carriers post tracking events to Catena: their keys, how a request proves it comes from the
carrier, and recording the event on one of that carrier's shipments.

A key's secret (``cik_<prefix>_<…>``) is shown once. Catena stores its SHA-256 only; to check an
HMAC signature it derives the secret again from ``SECRET_KEY`` and the key's salt, so a copy of
the database alone is not enough to forge a carrier's request. Changing ``SECRET_KEY`` without
keeping the old one in ``SECRET_KEY_FALLBACKS`` invalidates every key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.validation import Errors
from catena.fulfilment import services as fulfilment
from catena.fulfilment.choices import EventSource
from catena.fulfilment.models import Shipment, TrackingEvent
from catena.integrations.models import CarrierInboundKey
from catena.integrations.services.signatures import is_valid_signature
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party

KEY_SALT = "catena.integrations.carrier-inbound-key"
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _derive(prefix: str, salt: str, secret_key: str) -> str:
    digest = salted_hmac(KEY_SALT, f"{prefix}:{salt}", secret=secret_key, algorithm="sha256").digest()
    return f"cik_{prefix}_{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def _secret_of(key: CarrierInboundKey) -> str | None:
    """The key's secret, derived again (with an older SECRET_KEY while one is being rotated)."""
    for secret_key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        raw = _derive(key.prefix, key.salt, secret_key)
        if hmac.compare_digest(hash_secret(raw), key.key_hash):
            return raw
    return None


def is_carrier(party: Party) -> bool:
    return party.roles.filter(role=PartyRoleType.CARRIER).exists()


@transaction.atomic
def create_carrier_key(
    carrier: Party, *, actor: User | None, name: str = ""
) -> tuple[CarrierInboundKey, str]:
    """A new key for ``carrier``; returns the key and its secret, which is shown once."""
    if actor is not None:
        access.ensure(actor, access.ADD, CarrierInboundKey)
    errors = Errors()
    if not is_carrier(carrier):
        errors.add("carrier", _("This party is not a carrier."), code="party.not_a_carrier")
    name = (name or "").strip()
    if len(name) > 100:
        errors.add("name", _("At most 100 characters."), code="too_long")
    errors.raise_if_any()
    prefix = secrets.token_hex(4)
    while CarrierInboundKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    salt = secrets.token_hex(16)
    raw = _derive(prefix, salt, settings.SECRET_KEY)
    key = CarrierInboundKey.objects.create(
        carrier=carrier, name=name, prefix=prefix, key_hash=hash_secret(raw), salt=salt, created_by=actor
    )
    events.emit("carrier_key.created", key, actor=actor, payload={"carrier": carrier.pk, "prefix": prefix})
    return key, raw


@transaction.atomic
def revoke_carrier_key(key: CarrierInboundKey, *, actor: User | None) -> CarrierInboundKey:
    """From now on the key is refused (401). Revoking twice changes nothing."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, key)
    if CarrierInboundKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        events.emit(
            "carrier_key.revoked", key, actor=actor, payload={"carrier": key.carrier_id, "prefix": key.prefix}
        )
    key.refresh_from_db()
    return key


def authenticate_carrier(
    prefix: str, *, secret: str | None, signature: str | None, body: bytes
) -> CarrierInboundKey | None:
    """The usable key named by ``prefix`` if the request carries its secret (``X-Catena-Secret``)
    or signs ``body`` with it (``X-Catena-Signature``); otherwise None."""
    if not prefix or len(prefix) > 16 or not (secret or signature):
        return None
    key = CarrierInboundKey.objects.usable().select_related("carrier").filter(prefix=prefix).first()
    if key is None:
        return None
    if secret:
        valid = len(secret) <= 200 and hmac.compare_digest(hash_secret(secret), key.key_hash)
    else:
        raw = _secret_of(key)
        valid = raw is not None and is_valid_signature(raw, signature or "", body)
    if not valid:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        CarrierInboundKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


class ShipmentNotFound(Exception):
    """No shipment of this carrier has that number or tracking number."""


@dataclass(frozen=True)
class CarrierEvent:
    """What a carrier reports, as it arrives (checked by the API schema)."""

    kind: str
    occurred_at: datetime
    tracking_number: str | None = None
    shipment_number: str | None = None
    location: str = ""
    reason: str = ""
    external_id: str | None = None


def _carrier_shipment(carrier: Party, report: CarrierEvent) -> Shipment:
    shipments = Shipment.objects.filter(carrier=carrier)
    if report.shipment_number:
        shipment = shipments.filter(number=report.shipment_number.strip()).first()
        if shipment is None:
            raise ShipmentNotFound
        tracking = (report.tracking_number or "").strip()
        if tracking and tracking != shipment.tracking_number:
            raise ValidationError(
                {
                    "tracking_number": [
                        ValidationError(
                            _("This is not the tracking number of that shipment."),
                            code="carrier.tracking_mismatch",
                        )
                    ]
                }
            )
        return shipment
    tracking = (report.tracking_number or "").strip()
    if not tracking:
        raise ValidationError(
            {
                "tracking_number": [
                    ValidationError(_("Give the tracking number or the shipment number."), code="required")
                ]
            }
        )
    matches = list(shipments.filter(tracking_number=tracking).order_by("-id")[:2])
    if not matches:
        raise ShipmentNotFound
    if len(matches) > 1:
        raise ValidationError(
            {
                "tracking_number": [
                    ValidationError(
                        _("Several shipments have this tracking number; give the shipment number."),
                        code="carrier.tracking_ambiguous",
                    )
                ]
            }
        )
    return matches[0]


def record_carrier_event(key: CarrierInboundKey, report: CarrierEvent) -> tuple[TrackingEvent, bool]:
    """Record ``report`` on the key's carrier's shipment; returns the event and whether it is new
    (an ``external_id`` already recorded returns the first event)."""
    shipment = _carrier_shipment(key.carrier, report)
    if report.external_id:
        seen = TrackingEvent.objects.filter(shipment=shipment, external_id=report.external_id).first()
        if seen is not None:
            return seen, False
    event = fulfilment.record_tracking_event(
        shipment,
        actor=None,
        kind=report.kind,
        occurred_at=report.occurred_at,
        location=report.location,
        reason=report.reason,
        source=EventSource.WEBHOOK,
        external_id=report.external_id or None,
    )
    return event, True
