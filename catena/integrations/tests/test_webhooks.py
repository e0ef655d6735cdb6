"""Outbound webhooks end to end: a domain event reaches a real HTTP receiver on this machine,
signed, retried with a growing backoff, and recorded in the delivery log."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catena.core import events, schedule
from catena.core.models import Event
from catena.integrations import tasks
from catena.integrations.choices import DeliveryStatus
from catena.integrations.models import WebhookAttempt, WebhookDelivery
from catena.integrations.services import webhook_delivery, webhooks
from catena.parties import services as party_services

pytestmark = pytest.mark.django_db


def signature_verifies(secret: str, received) -> bool:  # type: ignore[no-untyped-def]
    """What a receiver does (written from the documentation, not from Catena's code)."""
    fields = dict(part.split("=", 1) for part in received.headers["X-Catena-Signature"].split(","))
    message = fields["t"].encode() + b"." + received.body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return (
        hmac.compare_digest(expected, fields["v1"]) and fields["t"] == received.headers["X-Catena-Timestamp"]
    )


def create_party(capture, name: str = "华东物流有限公司", actor=None):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return party_services.create_party(actor=actor, name=name)


def queued_delivery(subscription, name: str = "华南贸易有限公司") -> WebhookDelivery:  # type: ignore[no-untyped-def]
    """A delivery written by the dispatcher, whose task has not run (the test runs it by hand)."""
    party_services.create_party(actor=None, name=name)
    events.dispatch_pending()
    return WebhookDelivery.objects.get(subscription=subscription)


def test_an_event_reaches_the_receiver_signed_with_the_documented_headers(
    receiver, subscribe, admin_user, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url(), ["party.created"])

    party = create_party(django_capture_on_commit_callbacks, actor=admin_user)

    assert len(receiver.requests) == 1
    received = receiver.requests[0]
    event = Event.objects.get(name="party.created", subject_id=str(party.pk))
    assert received.path == "/hooks/catena"
    assert received.headers["Content-Type"].startswith("application/json")
    assert received.headers["User-Agent"] == "Catena-Webhooks/1"
    assert received.headers["X-Catena-Event"] == "party.created"
    assert received.headers["X-Catena-Delivery"] == f"evt_{event.pk}"
    assert signature_verifies(subscription.secret, received)
    assert not signature_verifies("whsec_another", received)
    body = received.json()
    assert body["id"] == f"evt_{event.pk}" and body["event"] == "party.created"
    assert body["subject"] == {"type": "parties.party", "id": str(party.pk)}
    assert body["actor"]["id"] == admin_user.pk and body["actor"]["username"] == admin_user.username
    assert body["occurred_at"].endswith("Z")
    assert body["payload"] == event.payload
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1
    assert delivery.response_code == 200 and delivery.delivered_at is not None
    assert delivery.response_excerpt == '{"received": true}' and delivery.duration_ms is not None


def test_a_failing_receiver_is_retried_with_the_same_idempotency_key(
    receiver, subscribe, django_capture_on_commit_callbacks, run_due_retries
):
    subscription = subscribe(receiver.url(), ["party.*"])
    receiver.answer(500, 503)

    create_party(django_capture_on_commit_callbacks)
    run_due_retries()

    assert len(receiver.requests) == 3
    keys = {r.headers["X-Catena-Delivery"] for r in receiver.requests}
    assert len(keys) == 1
    assert all(signature_verifies(subscription.secret, r) for r in receiver.requests)
    assert len({r.body for r in receiver.requests}) == 1  # the same document every time
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 3
    assert delivery.last_error == "" and delivery.next_attempt_at is None


def test_each_failed_attempt_waits_longer_and_the_last_one_fails_the_delivery(receiver, subscribe):
    subscription = subscribe(receiver.url())
    receiver.default_status = 500
    delivery = queued_delivery(subscription)

    outcomes = [webhook_delivery.attempt_delivery(delivery.pk) for _ in range(8)]

    countdowns = [o.retry_in for o in outcomes[:-1]]
    assert 60 <= countdowns[0] <= 66  # one minute plus at most 10 % jitter
    assert all(later > earlier for earlier, later in zip(countdowns, countdowns[1:], strict=False))
    assert 3840 <= countdowns[-1] <= 4224  # 64 minutes before the eighth attempt
    assert [o.status for o in outcomes[:-1]] == [DeliveryStatus.RETRYING] * 7
    assert outcomes[-1].status == DeliveryStatus.FAILED and outcomes[-1].retry_in is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 8
    assert delivery.response_code == 500 and "500" in delivery.last_error
    assert len(receiver.requests) == 8
    assert webhook_delivery.attempt_delivery(delivery.pk).retry_in is None  # nothing more is sent
    assert len(receiver.requests) == 8
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1


def test_a_retrying_delivery_shows_when_it_is_tried_next(receiver, subscribe):
    subscription = subscribe(receiver.url())
    receiver.answer(502)
    delivery = queued_delivery(subscription)
    before = timezone.now()

    outcome = webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code == 502
    assert (
        before + timedelta(seconds=59) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=67)
    )
    assert outcome.retry_in is not None and outcome.attempt == 1


def test_the_celery_task_gives_up_after_the_last_attempt(receiver, subscribe, settings, run_due_retries):
    settings.CATENA_WEBHOOKS_MAX_ATTEMPTS = 3
    subscription = subscribe(receiver.url())
    receiver.default_status = 500
    delivery = queued_delivery(subscription)

    tasks.deliver_webhook.delay(delivery.pk, attempt=1)
    run_due_retries()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
    assert len(receiver.requests) == 3


def test_without_a_broker_a_failed_attempt_waits_for_its_backoff_instead_of_retrying_at_once(
    receiver, subscribe, settings
):
    # given tasks running in this process, a one-second backoff and a receiver that keeps failing
    settings.CATENA_WEBHOOKS_BACKOFF_SECONDS = 1
    settings.CATENA_WEBHOOKS_MAX_ATTEMPTS = 3
    subscription = subscribe(receiver.url())
    receiver.default_status = 500
    delivery = queued_delivery(subscription)

    # when the delivery task runs, and the due deliveries are looked at every 50 ms
    tasks.deliver_webhook.delay(delivery.pk, attempt=1)
    assert len(receiver.requests) == 1  # one attempt, no inline retry
    assert webhooks.deliver_due() == 0  # the next is not due yet
    deadline = time.monotonic() + 10
    while WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.RETRYING).exists():
        assert time.monotonic() < deadline
        webhooks.deliver_due()
        time.sleep(0.05)

    # then each attempt waited the backoff after the one before: one second, then two
    started = list(WebhookAttempt.objects.filter(delivery=delivery).values_list("started_at", flat=True))
    gaps = [(later - earlier).total_seconds() for earlier, later in zip(started, started[1:], strict=False)]
    assert len(started) == 3 and len(receiver.requests) == 3
    assert gaps[0] >= 1.0 and gaps[1] >= 2.0
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED


def test_the_servers_own_schedule_makes_the_due_attempts_without_a_broker(receiver, subscribe, settings):
    # given a delivery whose retry has come due
    subscription = subscribe(receiver.url())
    receiver.answer(500)
    delivery = queued_delivery(subscription)
    webhook_delivery.attempt_delivery(delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    last_run: dict[str, float] = {}

    # when the schedule that catena serve runs without a broker comes round, twice in a row
    first = schedule.run_due(settings.IN_PROCESS_SCHEDULE, last_run, now=1000.0)
    second = schedule.run_due(settings.IN_PROCESS_SCHEDULE, last_run, now=1001.0)

    # then the retry was made once, and the entry waits for its interval before running again
    assert "integrations.deliver_due_webhooks" in first and second == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(receiver.requests) == 2


def test_a_due_attempt_is_made_once_even_if_two_runners_look_at_the_same_time(receiver, subscribe):
    subscription = subscribe(receiver.url())
    receiver.answer(500)
    delivery = queued_delivery(subscription)
    webhook_delivery.attempt_delivery(delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    [(delivery_id, number)] = webhook_delivery.due_deliveries()

    # one runner makes the due attempt; the other, holding the same (now stale) attempt number,
    # finds it already made
    first = webhook_delivery.attempt_delivery(delivery_id, attempt=number)
    second = webhook_delivery.attempt_delivery(delivery_id, attempt=number)

    assert first.status == second.status == DeliveryStatus.SUCCEEDED
    assert len(receiver.requests) == 2


def test_a_task_delivered_twice_sends_once(receiver, subscribe):
    subscription = subscribe(receiver.url())
    delivery = queued_delivery(subscription)

    first = tasks.deliver_webhook.delay(delivery.pk, attempt=1).get()
    second = tasks.deliver_webhook.delay(delivery.pk, attempt=1).get()

    assert first == second == DeliveryStatus.SUCCEEDED
    assert len(receiver.requests) == 1


def test_an_inactive_subscription_gets_nothing(receiver, subscribe, django_capture_on_commit_callbacks):
    active = subscribe(receiver.url("/active"))
    inactive = subscribe(receiver.url("/inactive"), is_active=False)

    create_party(django_capture_on_commit_callbacks)

    assert [r.path for r in receiver.requests] == ["/active"]
    assert not WebhookDelivery.objects.filter(subscription=inactive).exists()
    assert WebhookDelivery.objects.filter(subscription=active).count() == 1


def test_each_subscription_gets_only_the_events_it_asked_for(
    receiver, subscribe, django_capture_on_commit_callbacks
):
    subscribe(receiver.url("/everything"), ["*"])
    subscribe(receiver.url("/parties"), ["party.*"])
    subscribe(receiver.url("/created"), ["party.created"])
    subscribe(receiver.url("/orders"), ["order.stage_changed", "sales_order.*"])

    create_party(django_capture_on_commit_callbacks)

    assert sorted(r.path for r in receiver.requests) == ["/created", "/everything", "/parties"]


def test_a_subscription_disabled_while_retrying_gets_no_more_attempts(receiver, subscribe):
    subscription = subscribe(receiver.url())
    receiver.answer(500)
    delivery = queued_delivery(subscription)
    webhook_delivery.attempt_delivery(delivery.pk)
    webhooks.update_subscription(subscription, actor=None, is_active=False)

    outcome = webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert outcome.status == DeliveryStatus.FAILED and delivery.status == DeliveryStatus.FAILED
    assert "disabled" in delivery.last_error
    assert len(receiver.requests) == 1


def test_failed_deliveries_in_a_row_disable_the_subscription(receiver, subscribe, settings):
    settings.CATENA_WEBHOOKS_MAX_ATTEMPTS = 1
    settings.CATENA_WEBHOOKS_DISABLE_AFTER = 2
    subscription = subscribe(receiver.url(), ["party.created"])
    receiver.answer(500, 200, 500, 500)

    for name in ("甲公司", "乙公司", "丙公司", "丁公司"):
        party_services.create_party(actor=None, name=name)
        events.dispatch_pending()
        delivery = WebhookDelivery.objects.filter(subscription=subscription).first()
        webhook_delivery.attempt_delivery(delivery.pk)

    subscription.refresh_from_db()
    assert not subscription.is_active
    assert subscription.consecutive_failures == 2  # the success in between started the count again
    assert "2" in subscription.disabled_reason
    assert Event.objects.filter(
        name="webhook.subscription_disabled", subject_id=str(subscription.pk)
    ).exists()

    webhooks.update_subscription(subscription, actor=None, is_active=True)
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0 and subscription.disabled_reason == ""


def test_redelivery_sends_the_same_event_with_the_same_key(
    receiver, subscribe, django_capture_on_commit_callbacks, run_due_retries
):
    subscription = subscribe(receiver.url(), ["party.created"])
    receiver.default_status = 500
    with django_capture_on_commit_callbacks(execute=True):
        party_services.create_party(actor=None, name="重发测试有限公司")
    run_due_retries()
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 8
    receiver.default_status = 200

    with django_capture_on_commit_callbacks(execute=True):
        webhooks.redeliver(delivery, actor=None)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 9
    assert len(receiver.requests) == 9
    assert (
        receiver.requests[-1].headers["X-Catena-Delivery"]
        == receiver.requests[0].headers["X-Catena-Delivery"]
    )
    assert receiver.requests[-1].body == receiver.requests[0].body


def test_a_test_event_goes_to_one_subscription_once(receiver, subscribe, django_capture_on_commit_callbacks):
    subscription = subscribe(receiver.url("/tested"))
    subscribe(receiver.url("/other"))
    receiver.default_status = 500

    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.send_test_event(subscription, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        events.dispatch_pending()  # the outbox does not send test events to anyone else

    assert [r.path for r in receiver.requests] == ["/tested"]  # one attempt, no retries
    received = receiver.requests[0]
    assert received.headers["X-Catena-Event"] == "webhook.test"
    assert signature_verifies(subscription.secret, received)
    assert received.json()["payload"]["subscription"] == {"id": subscription.pk, "name": subscription.name}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0  # a test does not count towards disabling


def test_a_disabled_subscription_can_still_be_tested(receiver, subscribe, django_capture_on_commit_callbacks):
    subscription = subscribe(receiver.url(), is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.send_test_event(subscription, actor=None)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(receiver.requests) == 1


def test_the_answer_kept_in_the_log_is_capped(receiver, subscribe):
    subscription = subscribe(receiver.url())
    receiver.answer(500)
    receiver.answer_body = ("错误" * 5000).encode() + b"\x00"
    delivery = queued_delivery(subscription)

    webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert len(delivery.response_excerpt) == webhook_delivery.EXCERPT_CHARS
    assert delivery.response_excerpt.startswith("错误错误")


def test_an_unreachable_receiver_is_recorded_and_retried(subscribe, receiver):
    closed_port = receiver.port
    receiver.close()
    subscription = subscribe(f"http://127.0.0.1:{closed_port}/gone")
    delivery = queued_delivery(subscription)

    outcome = webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert outcome.retry_in is not None and delivery.status == DeliveryStatus.RETRYING
    assert delivery.response_code is None and "Connection" in delivery.last_error


def test_a_slow_receiver_times_out(receiver, subscribe, settings):
    settings.CATENA_WEBHOOKS_TIMEOUT = 0.3
    receiver.delay = 1.0
    subscription = subscribe(receiver.url())
    delivery = queued_delivery(subscription)

    webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and "timed out" in delivery.last_error.lower()


def test_private_and_local_receivers_are_refused_outside_tests(settings):
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = False
    settings.DEBUG = False

    for url in (
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.10/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:127.0.0.1]/hook",
        "https://printer.local/hook",
    ):
        with pytest.raises(ValidationError) as refused:
            webhooks.clean_url(url)
        assert "private" in str(refused.value.message_dict["url"]), url
    assert webhooks.clean_url("https://93.184.215.14/hook") == "https://93.184.215.14/hook"


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[::127.0.0.1]/",  # IPv4-compatible 127.0.0.1
        "http://[2002:a00:1::1]/",  # 6to4 of 10.0.0.1
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo with client 127.0.0.1
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_ipv6_forms_of_local_addresses_and_reserved_ranges_are_refused(settings, url):
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = False

    with pytest.raises(ValidationError) as refused:
        webhooks.clean_url(url)

    assert "private" in str(refused.value.message_dict["url"])


@pytest.mark.parametrize(
    "url",
    ["http://[64:ff9b::5db8:d70e]/", "http://[2002:5db8:d70e::1]/", "http://[2606:4700:4700::1111]/"],
)
def test_ipv6_forms_of_public_addresses_are_accepted(settings, url):
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = False

    assert webhooks.clean_url(url) == url


def test_debug_mode_does_not_open_private_addresses_only_their_own_setting_does(settings):
    # given a development server with debugging on but private receivers not allowed
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = False
    settings.DEBUG = True

    # then a loopback receiver is still refused, on saving and before sending
    with pytest.raises(ValidationError):
        webhooks.clean_url("http://127.0.0.1:8000/hook")
    with pytest.raises(webhook_delivery.AddressNotAllowed):
        webhook_delivery.resolve_receiver("127.0.0.1", 8000)

    # and the setting meant for it lets it through
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = True
    assert webhooks.clean_url("http://127.0.0.1:8000/hook") == "http://127.0.0.1:8000/hook"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/hook", "http"),
        ("javascript:alert(1)", "http"),
        ("https://user:secret@example.com/hook", "credentials"),
        ("https:///hook", "valid"),
        ("https://example.com:99999/hook", "valid"),
        ("", "required"),
    ],
)
def test_only_plain_http_urls_are_accepted(url, reason):
    with pytest.raises(ValidationError) as refused:
        webhooks.clean_url(url)

    assert reason in str(refused.value.message_dict["url"])


def test_a_receiver_that_turns_private_later_is_not_contacted(receiver, subscribe, settings):
    subscription = subscribe(receiver.url())
    delivery = queued_delivery(subscription)
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = False

    webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.status == DeliveryStatus.RETRYING and "private" in delivery.last_error


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (
            "order.stage_changed, purchase_order.confirmed",
            ["order.stage_changed", "purchase_order.confirmed"],
        ),
        ("shipment.*\nshipment.*", ["shipment.*"]),
        (["party.created", "*"], ["*"]),
    ],
)
def test_event_names_are_read_from_text_or_lists(given, kept):
    assert webhooks.clean_event_names(given) == kept


@pytest.mark.parametrize(
    "given", ["", "order", "Order.Stage", "order.*.x", "order..x", "drop table;", "a" * 81]
)
def test_bad_event_names_are_refused(given):
    with pytest.raises(ValidationError) as refused:
        webhooks.clean_event_names(given)

    assert "events" in refused.value.message_dict


def test_a_lost_task_is_queued_again_by_the_sweep(receiver, subscribe):
    subscription = subscribe(receiver.url())
    delivery = queued_delivery(subscription)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))

    assert tasks.sweep_webhook_deliveries.delay().get() == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(receiver.requests) == 1
    assert tasks.sweep_webhook_deliveries.delay().get() == 0


def test_a_failing_dispatch_leaves_no_delivery_behind(subscribe, receiver):
    subscription = subscribe(receiver.url())

    def broken(event: Event) -> None:
        raise RuntimeError("another handler failed")

    events.subscribe(events.WILDCARD)(broken)  # runs after the webhooks' handler
    try:
        party_services.create_party(actor=None, name="回滚派发有限公司")
        events.dispatch_pending()
    finally:
        events._handlers[events.WILDCARD].remove(broken)

    assert not WebhookDelivery.objects.filter(subscription=subscription).exists()
    events.dispatch_pending()  # the retry of the dispatch writes it once
    assert WebhookDelivery.objects.filter(subscription=subscription).count() == 1


def test_the_body_is_compact_utf8_json(receiver, subscribe, django_capture_on_commit_callbacks):
    subscribe(receiver.url())

    create_party(django_capture_on_commit_callbacks, name="上海中文名称有限公司")

    body = receiver.requests[0].body
    assert "上海中文名称有限公司".encode() in body  # UTF-8, not \u escapes
    assert json.loads(body)["payload"]["name"] == "上海中文名称有限公司"
    assert b'": ' not in body


def test_the_documented_receiver_check_accepts_catena_and_refuses_forgeries(
    receiver, subscribe, django_capture_on_commit_callbacks
):
    guide = (Path(__file__).resolve().parents[3] / "docs" / "api.md").read_text(encoding="utf-8")
    section = guide.split("### Checking the signature", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)  # noqa: S102  (our own documentation)
    verify = namespace["verify_catena_webhook"]
    subscription = subscribe(receiver.url())

    create_party(django_capture_on_commit_callbacks)

    received = receiver.requests[0]
    header = received.headers["X-Catena-Signature"]
    assert verify(subscription.secret, received.body, header)
    assert not verify(subscription.secret, received.body + b" ", header)
    assert not verify("whsec_wrong", received.body, header)
    assert not verify(subscription.secret, received.body, "t=1,v1=" + header.split("v1=")[1])
