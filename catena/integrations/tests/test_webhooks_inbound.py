"""Carriers post tracking events with their inbound key: signed or with the shared secret, only
on their own shipments, each carrier event recorded once."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from catena.fulfilment import services as fulfilment
from catena.fulfilment.choices import EventSource, ShipmentStatus, TrackingEventKind
from catena.fulfilment.models import TrackingEvent
from catena.fulfilment.tests.scenario import build_chain, stock_order
from catena.integrations.choices import DeliveryStatus
from catena.integrations.models import CarrierInboundKey, WebhookDelivery
from catena.integrations.services import carrier_inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():  # type: ignore[no-untyped-def]
    return build_chain()


@pytest.fixture
def shipment(chain):  # type: ignore[no-untyped-def]
    order = stock_order(chain)
    return fulfilment.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF1234567890"
    )


@pytest.fixture
def carrier_key(chain):  # type: ignore[no-untyped-def]
    return carrier_inbound.create_carrier_key(chain.carrier, actor=None, name="SF")


def url(key: CarrierInboundKey) -> str:
    return f"/api/v1/webhooks/inbound/carriers/{key.prefix}/events"


def signed(secret: str, body: bytes, at: int | None = None) -> dict[str, str]:
    """Headers a carrier sends, computed as the documentation tells carriers to."""
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Catena-Signature": f"t={stamp},v1={mac}"}


def post(key: CarrierInboundKey, data, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return Client().post(url(key), data=body, content_type="application/json", headers=headers)


def report(**fields):  # type: ignore[no-untyped-def]
    data = {
        "tracking_number": "SF1234567890",
        "kind": "picked_up",
        "occurred_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "location": "深圳宝安集散中心",
        "external_id": "SF-EVT-1",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_a_signed_event_is_recorded_and_moves_the_shipment(shipment, carrier_key):
    key, secret = carrier_key
    body = json.dumps(report()).encode()

    response = post(key, body, signed(secret, body))

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["shipment"] == shipment.number and answer["kind"] == "picked_up"
    assert answer["shipment_status"] == ShipmentStatus.PICKED_UP and answer["duplicate"] is False
    event = TrackingEvent.objects.get(shipment=shipment)
    assert event.source == EventSource.WEBHOOK and event.external_id == "SF-EVT-1"
    assert event.location == "深圳宝安集散中心" and event.recorded_by is None
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PICKED_UP and shipment.picked_up_at is not None
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_the_shared_secret_header_works_too(shipment, carrier_key):
    key, secret = carrier_key

    response = post(
        key, report(shipment_number=shipment.number, tracking_number=None), {"X-Catena-Secret": secret}
    )

    assert response.status_code == 201
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Catena-Secret": "cik_wrong_secret"},
        {"X-Catena-Signature": "t=1,v1=00"},
        {"X-Catena-Signature": "nonsense"},
    ],
)
def test_a_wrong_or_missing_secret_is_refused(shipment, carrier_key, headers):
    key, _secret = carrier_key

    response = post(key, report(), headers)

    assert response.status_code == 401
    assert not TrackingEvent.objects.exists()


def test_a_signature_with_another_secret_or_too_old_is_refused(shipment, carrier_key):
    key, secret = carrier_key
    body = json.dumps(report()).encode()

    forged = post(key, body, signed("cik_someone_else", body))
    stale = post(key, body, signed(secret, body, at=int(time.time()) - 3600))
    tampered = post(key, body.replace(b"picked_up", b"delivered"), signed(secret, body))

    assert forged.status_code == stale.status_code == tampered.status_code == 401
    assert not TrackingEvent.objects.exists()


def test_a_revoked_or_unknown_key_is_refused(shipment, carrier_key):
    key, secret = carrier_key
    carrier_inbound.revoke_carrier_key(key, actor=None)

    revoked = post(key, report(), {"X-Catena-Secret": secret})
    unknown = Client().post(
        "/api/v1/webhooks/inbound/carriers/nosuchkey/events",
        data=json.dumps(report()),
        content_type="application/json",
        headers={"X-Catena-Secret": secret},
    )

    assert revoked.status_code == unknown.status_code == 401
    assert not TrackingEvent.objects.exists()


def test_another_carriers_shipment_is_not_found(chain, shipment):
    key, secret = carrier_inbound.create_carrier_key(chain.other_carrier, actor=None)

    by_tracking = post(key, report(), {"X-Catena-Secret": secret})
    by_number = post(
        key, report(tracking_number=None, shipment_number=shipment.number), {"X-Catena-Secret": secret}
    )

    assert by_tracking.status_code == by_number.status_code == 404
    assert not TrackingEvent.objects.exists()
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PLANNED


def test_the_same_carrier_event_twice_is_recorded_once(shipment, carrier_key):
    key, secret = carrier_key
    body = json.dumps(report()).encode()

    first = post(key, body, signed(secret, body))
    again = post(key, body, signed(secret, body))

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["duplicate"] is True and again.json()["id"] == first.json()["id"]
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"tracking_number": "SF1234567890", "kind": ', "body"),
        (b"[1, 2]", "body"),
        (b"\xff\xfe", "body"),
        (json.dumps(report(kind="teleported")).encode(), "kind"),
        (json.dumps(report(occurred_at="yesterday")).encode(), "occurred_at"),
        (json.dumps({k: v for k, v in report().items() if k != "occurred_at"}).encode(), "occurred_at"),
        (json.dumps(report(tracking_number=None)).encode(), "tracking_number"),
        (json.dumps(report(location="x" * 201)).encode(), "location"),
        (json.dumps(report(colour="red")).encode(), "colour"),
        (json.dumps(report(kind="exception", reason="")).encode(), "reason"),
        (
            json.dumps(
                report(kind="delivered", occurred_at=(timezone.now() + timedelta(days=2)).isoformat())
            ).encode(),
            "occurred_at",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(shipment, carrier_key, body, field):
    key, secret = carrier_key

    response = post(key, body, signed(secret, body))

    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not TrackingEvent.objects.exists()


def test_an_event_the_shipment_cannot_take_is_refused(shipment, carrier_key):
    key, secret = carrier_key

    response = post(key, report(kind=TrackingEventKind.DELIVERED), {"X-Catena-Secret": secret})

    assert response.status_code == 422  # a planned shipment is picked up before it is delivered
    assert {e["field"] for e in response.json()["errors"]} == {"kind"}
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PLANNED


def test_a_key_survives_a_secret_key_rotation(shipment, carrier_key, settings):
    key, secret = carrier_key
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-catena-" + "x" * 30
    body = json.dumps(report()).encode()

    assert post(key, body, signed(secret, body)).status_code == 201

    settings.SECRET_KEY_FALLBACKS = []
    body = json.dumps(report(kind="in_transit", external_id="SF-EVT-2")).encode()
    assert post(key, body, signed(secret, body)).status_code == 401  # the old key is gone: so are its keys
    assert post(key, body, {"X-Catena-Secret": secret}).status_code == 201  # the hash still matches


def test_the_database_keeps_only_the_hash_of_the_secret(carrier_key):
    key, secret = carrier_key

    stored = CarrierInboundKey.objects.filter(pk=key.pk).values().get()

    assert secret not in json.dumps(stored, default=str)
    assert stored["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()


def test_a_carrier_event_reaches_shipment_subscribers(
    shipment, carrier_key, subscribe, receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url(), ["shipment.event"])
    key, secret = carrier_key
    body = json.dumps(report()).encode()

    with django_capture_on_commit_callbacks(execute=True):
        assert post(key, body, signed(secret, body)).status_code == 201

    assert [r.headers["X-Catena-Event"] for r in receiver.requests] == ["shipment.event"]
    payload = receiver.requests[0].json()["payload"]
    assert payload["number"] == shipment.number and payload["kind"] == "picked_up"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_only_carriers_get_keys(chain):
    with pytest.raises(ValidationError) as refused:
        carrier_inbound.create_carrier_key(chain.customer, actor=None)

    assert "carrier" in refused.value.message_dict
    assert not CarrierInboundKey.objects.exists()
