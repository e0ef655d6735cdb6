"""The webhooks API: administrators manage subscriptions and read the delivery log; nobody else."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from catena.accounts.choices import Role
from catena.core import events
from catena.core.models import Event
from catena.integrations.choices import DeliveryStatus
from catena.integrations.models import WebhookDelivery, WebhookSubscription
from catena.parties import services as party_services
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/webhooks/"


def failed_delivery(subscription, receiver, name: str = "日志测试有限公司") -> WebhookDelivery:  # type: ignore[no-untyped-def]
    from catena.integrations.services import webhook_delivery

    receiver.answer(500)
    party_services.create_party(actor=None, name=name)
    events.dispatch_pending()
    delivery = WebhookDelivery.objects.filter(subscription=subscription).first()
    webhook_delivery.attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def error_fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.SALES, Role.LOGISTICS, Role.READ_ONLY, Role.PORTAL_PARTNER]
)
def test_only_administrators_may_use_the_webhooks_api(role, make_user, api_client, subscribe, receiver):
    subscription = subscribe(receiver.url())
    client = api_client(make_user(role))

    calls = [
        client.get(BASE),
        client.post(BASE, {"name": "x", "url": receiver.url(), "events": ["*"]}),
        client.get(f"{BASE}{subscription.pk}"),
        client.patch(f"{BASE}{subscription.pk}", {"is_active": False}),
        client.delete(f"{BASE}{subscription.pk}"),
        client.get(f"{BASE}{subscription.pk}/deliveries"),
        client.post(f"{BASE}{subscription.pk}/test", {}),
        client.post(f"{BASE}{subscription.pk}/rotate-secret", {}),
        client.get(f"{BASE}carrier-keys"),
        client.post(f"{BASE}carrier-keys", {"carrier": 1}),
    ]

    assert [r.status_code for r in calls] == [403] * len(calls)
    assert WebhookSubscription.objects.count() == 1 and receiver.requests == []
    subscription.refresh_from_db()
    assert subscription.is_active


def test_without_a_token_the_api_answers_401(api_client):
    assert api_client(None).get(BASE).status_code == 401


def test_an_administrator_creates_a_subscription_and_sees_its_secret_once(admin_user, api_client, receiver):
    client = api_client(admin_user)

    created = client.post(
        BASE, {"name": "ERP", "url": receiver.url(), "events": ["order.stage_changed", "shipment.*"]}
    )

    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    assert body["events"] == ["order.stage_changed", "shipment.*"] and body["is_active"] is True
    assert body["created_by"]["id"] == admin_user.pk and body["last_delivery"] is None
    fetched = client.get(f"{BASE}{body['id']}").json()
    assert "secret" not in fetched
    listed = client.get(BASE).json()
    assert listed["count"] == 1 and "secret" not in listed["items"][0]
    assert Event.objects.filter(name="webhook.subscription_created", subject_id=str(body["id"])).exists()
    assert body["secret"] not in str(Event.objects.values_list("payload", flat=True))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "url": "ftp://example.com/", "events": ["*"]}, "url"),
        ({"name": "x", "url": "https://example.com/", "events": ["Not An Event"]}, "events"),
        ({"name": "x", "url": "https://example.com/", "events": []}, "events"),
        ({"name": "", "url": "https://example.com/", "events": ["*"]}, "name"),
        ({"name": "x", "url": "https://example.com/", "events": ["*"], "secret": "mine"}, "secret"),
        ({"name": "x", "url": "https://example.com/\x00", "events": ["*"]}, "url"),
    ],
)
def test_bad_subscriptions_are_refused_naming_the_field(admin_user, api_client, payload, field):
    response = api_client(admin_user).post(BASE, payload)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert WebhookSubscription.objects.count() == 0


def test_private_addresses_are_refused_in_production(admin_user, api_client, settings):
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = False

    response = api_client(admin_user).post(BASE, {"name": "x", "url": "http://127.0.0.1:9/", "events": ["*"]})

    assert response.status_code == 422 and error_fields(response) == {"url"}


def test_changing_and_enabling_a_subscription(admin_user, api_client, subscribe, receiver):
    subscription = subscribe(
        receiver.url(), is_active=False, consecutive_failures=20, disabled_reason="Disabled automatically"
    )
    client = api_client(admin_user)

    response = client.patch(f"{BASE}{subscription.pk}", {"events": ["party.created"], "is_active": True})

    assert response.status_code == 200
    body = response.json()
    assert body["events"] == ["party.created"] and body["is_active"] is True
    assert body["consecutive_failures"] == 0 and body["disabled_reason"] == ""
    assert client.patch(f"{BASE}{subscription.pk}", {"url": None}).status_code == 422
    assert client.patch(f"{BASE}{subscription.pk}", {"url": "gopher://x"}).status_code == 422


def test_deleting_a_subscription_deletes_its_log(admin_user, api_client, subscribe, receiver):
    subscription = subscribe(receiver.url())
    failed_delivery(subscription, receiver)
    client = api_client(admin_user)

    assert client.delete(f"{BASE}{subscription.pk}").status_code == 204
    assert client.get(f"{BASE}{subscription.pk}").status_code == 404
    assert not WebhookDelivery.objects.exists()


def test_the_delivery_log_shows_attempts_codes_and_errors(admin_user, api_client, subscribe, receiver):
    subscription = subscribe(receiver.url())
    delivery = failed_delivery(subscription, receiver)
    client = api_client(admin_user)

    log = client.get(f"{BASE}{subscription.pk}/deliveries").json()

    assert log["count"] == 1
    item = log["items"][0]
    assert item["id"] == delivery.pk and item["status"] == DeliveryStatus.RETRYING
    assert item["attempts"] == 1 and item["response_code"] == 500 and "500" in item["last_error"]
    assert item["idempotency_key"] == f"evt_{delivery.event_id}" and item["event"]["name"] == "party.created"
    assert item["next_attempt_at"] is not None and item["duration_ms"] is not None
    assert client.get(f"{BASE}{subscription.pk}/deliveries", status="succeeded").json()["count"] == 0
    assert client.get(f"{BASE}{subscription.pk}/deliveries", status="retrying").json()["count"] == 1
    assert client.get(f"{BASE}{subscription.pk}/deliveries", status="lost").status_code == 422
    assert client.get(f"{BASE}{subscription.pk}/deliveries/{delivery.pk}").json()["attempts"] == 1
    summary = client.get(f"{BASE}{subscription.pk}").json()["last_delivery"]
    assert summary["status"] == DeliveryStatus.RETRYING and summary["response_code"] == 500


def test_a_delivery_of_another_subscription_is_not_found(admin_user, api_client, subscribe, receiver):
    first = subscribe(receiver.url("/a"))
    second = subscribe(receiver.url("/b"))
    delivery = failed_delivery(first, receiver)
    client = api_client(admin_user)

    assert client.get(f"{BASE}{second.pk}/deliveries/{delivery.pk}").status_code == 404
    assert client.post(f"{BASE}{second.pk}/deliveries/{delivery.pk}/redeliver", {}).status_code == 404
    assert client.get(f"{BASE}999999/deliveries").status_code == 404


def test_redeliver_and_test_send_through_the_api(
    admin_user, api_client, subscribe, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url())
    delivery = failed_delivery(subscription, receiver)
    client = api_client(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        redelivered = client.post(f"{BASE}{subscription.pk}/deliveries/{delivery.pk}/redeliver", {})
    with django_capture_on_commit_callbacks(execute=True):
        tested = client.post(f"{BASE}{subscription.pk}/test", {})

    assert redelivered.status_code == 202 and tested.status_code == 202
    assert tested.json()["event"]["name"] == "webhook.test"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert [r.headers["X-Catena-Event"] for r in receiver.requests] == [
        "party.created",
        "party.created",
        "webhook.test",
    ]
    assert (
        receiver.requests[0].headers["X-Catena-Delivery"] == receiver.requests[1].headers["X-Catena-Delivery"]
    )


def test_a_rotated_secret_signs_the_next_deliveries(
    admin_user, api_client, subscribe, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url())
    old = subscription.secret
    client = api_client(admin_user)

    rotated = client.post(f"{BASE}{subscription.pk}/rotate-secret", {})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}{subscription.pk}/test", {})

    new = rotated.json()["secret"]
    assert rotated.status_code == 200 and new != old
    received = receiver.requests[-1]
    fields = dict(p.split("=", 1) for p in received.headers["X-Catena-Signature"].split(","))
    signed = fields["t"].encode() + b"." + received.body
    assert fields["v1"] == hmac.new(new.encode(), signed, hashlib.sha256).hexdigest()
    assert fields["v1"] != hmac.new(old.encode(), signed, hashlib.sha256).hexdigest()


def test_carrier_keys_through_the_api(admin_user, api_client):
    carrier = PartyFactory(name="顺达物流有限公司", roles=["carrier"])
    customer = PartyFactory(name="华东电器销售有限公司", roles=["customer"])
    client = api_client(admin_user)

    refused = client.post(f"{BASE}carrier-keys", {"carrier": customer.pk})
    missing = client.post(f"{BASE}carrier-keys", {"carrier": 987654})
    created = client.post(f"{BASE}carrier-keys", {"carrier": carrier.pk, "name": "SF tracking"})

    assert refused.status_code == 422 and error_fields(refused) == {"carrier"}
    assert missing.status_code == 422 and error_fields(missing) == {"carrier"}
    assert created.status_code == 201
    key = created.json()
    assert key["secret"].startswith(f"cik_{key['prefix']}_") and key["carrier"]["id"] == carrier.pk
    listed = client.get(f"{BASE}carrier-keys").json()
    assert listed["count"] == 1 and "secret" not in listed["items"][0]
    revoked = client.post(f"{BASE}carrier-keys/{key['id']}/revoke", {})
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert client.get(f"{BASE}carrier-keys", is_active="true").json()["count"] == 0
    assert client.post(f"{BASE}carrier-keys/999999/revoke", {}).status_code == 404
