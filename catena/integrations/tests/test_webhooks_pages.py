"""The webhook pages: administrators manage subscriptions, read the delivery log, send test events
and redeliver; everybody else is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catena.accounts.choices import Role
from catena.core import events
from catena.integrations.choices import DeliveryStatus
from catena.integrations.models import CarrierInboundKey, WebhookDelivery, WebhookSubscription
from catena.integrations.services import webhook_delivery
from catena.parties import services as party_services
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def deliveries(subscription, receiver, count: int, *, status: int = 500) -> list[WebhookDelivery]:  # type: ignore[no-untyped-def]
    receiver.default_status = status
    for n in range(count):
        party_services.create_party(actor=None, name=f"日志公司{n}")
    events.dispatch_pending()
    made = list(WebhookDelivery.objects.filter(subscription=subscription).order_by("id"))
    for delivery in made:
        webhook_delivery.attempt_delivery(delivery.pk)
    return made


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.READ_ONLY, Role.PORTAL_CUSTOMER])
def test_only_administrators_see_the_webhook_pages(role, make_user, logged_in, subscribe, receiver):
    subscription = subscribe(receiver.url())
    delivery = deliveries(subscription, receiver, 1)[0]
    key = CarrierInboundKey.objects.create(
        carrier=PartyFactory(roles=["carrier"]), prefix="abcd1234", key_hash="0" * 64, salt="s"
    )
    client = logged_in(make_user(role))
    pk = subscription.pk

    gets = [
        client.get(reverse("integrations:webhook_list")),
        client.get(reverse("integrations:webhook_create")),
        client.get(reverse("integrations:webhook_detail", args=[pk])),
        client.get(reverse("integrations:webhook_update", args=[pk])),
        client.get(reverse("integrations:webhook_delete", args=[pk])),
        client.get(reverse("integrations:carrier_key_list")),
    ]
    posts = [
        client.post(
            reverse("integrations:webhook_create"), {"name": "x", "url": receiver.url(), "events": "*"}
        ),
        client.post(reverse("integrations:webhook_test", args=[pk])),
        client.post(reverse("integrations:webhook_rotate_secret", args=[pk])),
        client.post(reverse("integrations:webhook_redeliver", args=[pk, delivery.pk])),
        client.post(reverse("integrations:webhook_delete", args=[pk])),
        client.post(reverse("integrations:carrier_key_revoke", args=[key.pk])),
    ]

    assert [r.status_code for r in gets + posts] == [403] * 12
    assert WebhookSubscription.objects.count() == 1 and len(receiver.requests) == 1
    key.refresh_from_db()
    assert key.revoked_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("integrations:webhook_list"))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_list_starts_empty_and_then_shows_the_last_delivery(admin_user, logged_in, subscribe, receiver):
    client = logged_in(admin_user)

    empty = client.get(reverse("integrations:webhook_list"))
    subscription = subscribe(receiver.url(), name="ERP 订单接收")
    deliveries(subscription, receiver, 1, status=503)
    listed = client.get(reverse("integrations:webhook_list"))

    assert "No webhook subscriptions yet" in empty.content.decode()
    page = listed.content.decode()
    assert "ERP 订单接收" in page and "Retrying" in page and "503" in page


def test_creating_a_subscription_shows_its_secret_once(admin_user, logged_in, receiver):
    client = logged_in(admin_user)

    response = client.post(
        reverse("integrations:webhook_create"),
        {
            "name": "WMS",
            "url": receiver.url(),
            "events": "shipment.*\norder.stage_changed",
            "is_active": "on",
        },
    )

    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 200
    assert subscription.secret in response.content.decode()
    assert subscription.event_names == ["shipment.*", "order.stage_changed"]
    assert subscription.created_by == admin_user and subscription.is_active
    detail = client.get(reverse("integrations:webhook_detail", args=[subscription.pk]))
    assert subscription.secret not in detail.content.decode()


def test_the_form_shows_what_is_wrong(admin_user, logged_in):
    client = logged_in(admin_user)

    response = client.post(
        reverse("integrations:webhook_create"),
        {"name": "x", "url": "ftp://files.example.com/", "events": "Orders!"},
    )

    page = response.content.decode()
    assert response.status_code == 200 and not WebhookSubscription.objects.exists()
    assert "Only http:// and https:// URLs" in page and "is not an event name" in page


def test_editing_and_deleting_a_subscription(admin_user, logged_in, subscribe, receiver):
    subscription = subscribe(receiver.url(), is_active=False, disabled_reason="Disabled automatically")
    client = logged_in(admin_user)

    form = client.get(reverse("integrations:webhook_update", args=[subscription.pk]))
    saved = client.post(
        reverse("integrations:webhook_update", args=[subscription.pk]),
        {"name": "Renamed", "url": receiver.url("/v2"), "events": "party.*", "is_active": "on"},
    )

    assert form.status_code == 200 and receiver.url() in form.content.decode()
    assert saved.status_code == 302
    subscription.refresh_from_db()
    assert subscription.name == "Renamed" and subscription.url.endswith("/v2")
    assert subscription.is_active and subscription.disabled_reason == ""
    confirm = client.get(reverse("integrations:webhook_delete", args=[subscription.pk]))
    deleted = client.post(reverse("integrations:webhook_delete", args=[subscription.pk]))
    assert confirm.status_code == 200 and deleted.status_code == 302
    assert not WebhookSubscription.objects.exists()


def test_the_delivery_log_shows_status_attempts_code_and_error(admin_user, logged_in, subscribe, receiver):
    subscription = subscribe(receiver.url())
    delivery = deliveries(subscription, receiver, 1, status=502)[0]
    webhook_delivery.attempt_delivery(delivery.pk)
    client = logged_in(admin_user)

    response = client.get(reverse("integrations:webhook_detail", args=[subscription.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "party.created" in page and "Retrying" in page and "502" in page
    assert "The receiver answered HTTP 502." in page and f"evt_{delivery.event_id}" in page
    assert "2 attempts" in page


def test_the_delivery_log_is_paginated_and_filtered(admin_user, logged_in, subscribe, receiver):
    subscription = subscribe(receiver.url())
    made = deliveries(subscription, receiver, 27, status=200)
    WebhookDelivery.objects.filter(pk=made[0].pk).update(status=DeliveryStatus.FAILED)
    client = logged_in(admin_user)
    url = reverse("integrations:webhook_detail", args=[subscription.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}, headers={"HX-Request": "true"}).content.decode()
    failed = client.get(url, {"status": "failed"}).content.decode()
    none = client.get(url, {"status": "pending"}).content.decode()

    assert "27 deliveries" in first and "Page 1 of 2" in first
    assert "<html" not in second and second.count("party.created") == 2
    assert "1 delivery" in failed and f"evt_{made[0].event_id}" in failed
    assert "No delivery with this status" in none


def test_send_test_event_button(
    admin_user, logged_in, subscribe, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url())
    client = logged_in(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("integrations:webhook_test", args=[subscription.pk]))

    assert response.status_code == 302
    assert [r.headers["X-Catena-Event"] for r in receiver.requests] == ["webhook.test"]
    page = client.get(response["Location"]).content.decode()
    assert "A test event was sent" in page and "webhook.test" in page and "Succeeded" in page


def test_redeliver_button(
    admin_user, logged_in, subscribe, receiver, django_capture_on_commit_callbacks, settings
):
    settings.CATENA_WEBHOOKS_MAX_ATTEMPTS = 1
    subscription = subscribe(receiver.url())
    delivery = deliveries(subscription, receiver, 1)[0]
    receiver.default_status = 200
    client = logged_in(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("integrations:webhook_redeliver", args=[subscription.pk, delivery.pk]),
            {"status": "failed"},
        )

    assert response.status_code == 302 and response["Location"].endswith("?status=failed")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert len(receiver.requests) == 2


def test_redelivering_to_a_disabled_subscription_says_why_not(admin_user, logged_in, subscribe, receiver):
    subscription = subscribe(receiver.url())
    delivery = deliveries(subscription, receiver, 1)[0]
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False)
    client = logged_in(admin_user)

    response = client.post(
        reverse("integrations:webhook_redeliver", args=[subscription.pk, delivery.pk]), follow=True
    )

    assert "Enable the subscription" in response.content.decode()
    assert len(receiver.requests) == 1


def test_rotating_the_secret_shows_the_new_one(admin_user, logged_in, subscribe, receiver):
    subscription = subscribe(receiver.url())
    old = subscription.secret
    client = logged_in(admin_user)

    response = client.post(reverse("integrations:webhook_rotate_secret", args=[subscription.pk]))

    subscription.refresh_from_db()
    assert subscription.secret != old and subscription.secret in response.content.decode()


def test_carrier_keys_page(admin_user, logged_in):
    carrier = PartyFactory(name="顺达物流有限公司", roles=["carrier"])
    client = logged_in(admin_user)

    created = client.post(reverse("integrations:carrier_key_list"), {"carrier": carrier.pk, "name": "SF"})

    key = CarrierInboundKey.objects.get()
    page = created.content.decode()
    assert created.status_code == 200 and "顺达物流有限公司" in page
    assert f"cik_{key.prefix}_" in page and f"/api/v1/webhooks/inbound/carriers/{key.prefix}/events" in page
    again = client.get(reverse("integrations:carrier_key_list")).content.decode()
    assert 'data-testid="carrier-secret"' not in again
    revoked = client.post(reverse("integrations:carrier_key_revoke", args=[key.pk]))
    key.refresh_from_db()
    assert revoked.status_code == 302 and key.revoked_at is not None


def test_carrier_keys_page_without_carriers_says_what_to_do(admin_user, logged_in):
    PartyFactory(roles=["customer"])

    page = logged_in(admin_user).get(reverse("integrations:carrier_key_list")).content.decode()

    assert "No party has the carrier role yet" in page and "No carrier keys yet" in page


def test_the_import_page_links_to_webhooks_for_administrators_only(admin_user, manager, client):
    client.force_login(admin_user)
    for_admin = client.get(reverse("integrations:import_list")).content.decode()
    client.force_login(manager)
    for_manager = client.get(reverse("integrations:import_list")).content.decode()

    link = reverse("integrations:webhook_list")
    assert f'href="{link}"' in for_admin and f'href="{link}"' not in for_manager
