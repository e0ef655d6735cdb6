"""The attempt history of webhook deliveries: every POST to a receiver leaves a row with its code,
outcome, error and the start of the answer, shown to administrators on the delivery's page and
through the API, and pruned after ``CATENA_WEBHOOK_ATTEMPT_DAYS``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.core import events
from catena.integrations import tasks
from catena.integrations.choices import AttemptOutcome, DeliveryStatus
from catena.integrations.models import ATTEMPT_EXCERPT_BYTES, WebhookAttempt, WebhookDelivery
from catena.integrations.services import webhook_delivery, webhooks
from catena.parties import services as party_services

pytestmark = pytest.mark.django_db

BASE = "/api/v1/webhooks/"


def queued_delivery(subscription, name: str = "华南贸易有限公司") -> WebhookDelivery:  # type: ignore[no-untyped-def]
    """A delivery written by the dispatcher, whose task has not run (the test runs it by hand)."""
    party_services.create_party(actor=None, name=name)
    events.dispatch_pending()
    return WebhookDelivery.objects.filter(subscription=subscription, event__name="party.created").latest("id")


def history(delivery: WebhookDelivery) -> list[tuple[int, int | None, str]]:
    return [(a.number, a.response_code, a.outcome) for a in WebhookAttempt.objects.filter(delivery=delivery)]


def page_url(delivery: WebhookDelivery) -> str:
    return reverse("integrations:webhook_delivery_detail", args=[delivery.subscription_id, delivery.pk])


def api_url(delivery: WebhookDelivery) -> str:
    return f"{BASE}{delivery.subscription_id}/deliveries/{delivery.pk}/attempts"


# --- recording ----------------------------------------------------------------------------------


def test_a_failing_then_succeeding_receiver_leaves_two_attempts(
    receiver, subscribe, django_capture_on_commit_callbacks, run_due_retries
):
    subscription = subscribe(receiver.url(), ["party.created"])
    receiver.answer(503)

    with django_capture_on_commit_callbacks(execute=True):
        party_services.create_party(actor=None, name="重试两次有限公司")
    run_due_retries()

    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert history(delivery) == [(1, 503, AttemptOutcome.WILL_RETRY), (2, 200, AttemptOutcome.DELIVERED)]
    first, second = WebhookAttempt.objects.filter(delivery=delivery)
    assert "503" in first.error and first.next_attempt_at is not None
    assert first.response_excerpt == '{"received": true}' and first.triggered_by is None
    assert second.error == "" and second.next_attempt_at is None
    assert first.started_at <= second.started_at and second.duration_ms >= 0
    # the delivery keeps its summary of the last attempt
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.response_code == 200


def test_a_connection_error_is_recorded_without_a_code(subscribe, receiver):
    closed_port = receiver.port
    receiver.close()
    subscription = subscribe(f"http://127.0.0.1:{closed_port}/gone")
    delivery = queued_delivery(subscription)

    webhook_delivery.attempt_delivery(delivery.pk)

    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.response_code is None and attempt.response_excerpt == ""
    assert "Connection" in attempt.error and attempt.outcome == AttemptOutcome.WILL_RETRY
    delivery.refresh_from_db()
    assert attempt.next_attempt_at == delivery.next_attempt_at


def test_a_timeout_is_recorded(receiver, subscribe, settings):
    settings.CATENA_WEBHOOKS_TIMEOUT = 0.3
    receiver.delay = 1.0
    delivery = queued_delivery(subscribe(receiver.url()))

    webhook_delivery.attempt_delivery(delivery.pk)

    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.response_code is None and "timed out" in attempt.error.lower()


def test_the_last_attempt_of_a_round_gives_up(receiver, subscribe, settings, run_due_retries):
    settings.CATENA_WEBHOOKS_MAX_ATTEMPTS = 2
    receiver.default_status = 500
    delivery = queued_delivery(subscribe(receiver.url()))

    tasks.deliver_webhook.delay(delivery.pk, attempt=1)
    run_due_retries()

    assert history(delivery) == [(1, 500, AttemptOutcome.WILL_RETRY), (2, 500, AttemptOutcome.GAVE_UP)]
    assert WebhookAttempt.objects.get(delivery=delivery, number=2).next_attempt_at is None


def test_a_failed_test_event_and_a_redelivery_record_who_sent_them(
    receiver, subscribe, admin_user, django_capture_on_commit_callbacks, settings, run_due_retries
):
    settings.CATENA_WEBHOOKS_MAX_ATTEMPTS = 2
    subscription = subscribe(receiver.url())
    receiver.answer(500)

    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.send_test_event(subscription, actor=admin_user)
    assert history(delivery) == [(1, 500, AttemptOutcome.FAILED)]  # a test event gets no retries
    delivery.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.redeliver(delivery, actor=admin_user)
    queued = queued_delivery(subscription, name="手动重发有限公司")
    receiver.answer(500)
    tasks.deliver_webhook.delay(queued.pk, attempt=1)
    run_due_retries()
    queued.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.redeliver(queued, actor=admin_user)

    test_attempts = WebhookAttempt.objects.filter(delivery=delivery)
    assert [a.triggered_by for a in test_attempts] == [admin_user, admin_user]
    assert history(delivery)[-1] == (2, 200, AttemptOutcome.DELIVERED)
    # automatic attempts name nobody; the redelivery names the administrator
    assert [(a.number, a.triggered_by) for a in WebhookAttempt.objects.filter(delivery=queued)] == [
        (1, None),
        (2, None),
        (3, admin_user),
    ]


def test_a_deleted_user_does_not_stop_the_attempt_being_recorded(receiver, subscribe):
    delivery = queued_delivery(subscribe(receiver.url()))

    webhook_delivery.attempt_delivery(delivery.pk, triggered_by_id=987654)

    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.outcome == AttemptOutcome.DELIVERED and attempt.triggered_by is None


def test_the_answer_kept_per_attempt_is_the_first_2_kb(receiver, subscribe):
    receiver.answer(500)
    receiver.answer_body = ("错误" * 2000).encode()  # 3 bytes a character: 2 KB ends mid-character
    delivery = queued_delivery(subscribe(receiver.url()))

    webhook_delivery.attempt_delivery(delivery.pk)

    excerpt = WebhookAttempt.objects.get(delivery=delivery).response_excerpt
    assert ATTEMPT_EXCERPT_BYTES - 3 < len(excerpt.encode()) <= ATTEMPT_EXCERPT_BYTES
    assert excerpt.startswith("错误错误") and "\ufffd" not in excerpt


def test_an_attempt_that_cannot_be_recorded_leaves_the_delivery_summary_alone(
    receiver, subscribe, monkeypatch
):
    delivery = queued_delivery(subscribe(receiver.url()))

    def broken(**fields):  # type: ignore[no-untyped-def]
        raise RuntimeError("the attempt could not be written")

    monkeypatch.setattr(WebhookAttempt.objects, "create", broken)
    with pytest.raises(RuntimeError):
        webhook_delivery.attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_code is None
    assert delivery.delivered_at is None  # the summary and the history change together or not at all


# --- the delivery page --------------------------------------------------------------------------


def test_the_delivery_page_shows_every_attempt_with_the_answer_escaped(
    admin_user, logged_in, receiver, subscribe, django_assert_max_num_queries
):
    subscription = subscribe(receiver.url())
    receiver.answer(502)
    receiver.answer_body = b"<script>alert('x')</script><b>upstream down</b>"
    delivery = queued_delivery(subscription)
    webhook_delivery.attempt_delivery(delivery.pk)
    webhook_delivery.attempt_delivery(delivery.pk)
    client = logged_in(admin_user)

    with django_assert_max_num_queries(6):
        response = client.get(page_url(delivery))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-attempt="1"' in page and 'data-attempt="2"' in page
    assert "502" in page and "200" in page and "Will retry" in page and "Delivered" in page
    assert "The receiver answered HTTP 502." in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;upstream down&lt;/b&gt;" in page
    assert "<script>alert(" not in page and "<b>upstream down" not in page
    assert "<pre" in page and 'class="table-wrap"' in page
    log = client.get(reverse("integrations:webhook_detail", args=[subscription.pk])).content.decode()
    assert f'href="{page_url(delivery)}"' in log


def test_a_delivery_not_attempted_yet_says_so(admin_user, logged_in, receiver, subscribe):
    delivery = queued_delivery(subscribe(receiver.url()))

    page = logged_in(admin_user).get(page_url(delivery)).content.decode()

    assert "Not attempted yet" in page and "<table" not in page


def test_redelivering_from_the_delivery_page_comes_back_to_it(
    admin_user, logged_in, receiver, subscribe, django_capture_on_commit_callbacks
):
    receiver.answer(500)
    delivery = queued_delivery(subscribe(receiver.url()))
    webhook_delivery.attempt_delivery(delivery.pk)
    client = logged_in(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("integrations:webhook_redeliver", args=[delivery.subscription_id, delivery.pk]),
            {"back": "delivery"},
        )

    assert response.status_code == 302 and response["Location"] == page_url(delivery)
    page = client.get(response["Location"]).content.decode()
    assert 'data-attempt="2"' in page and f"by {admin_user.display_name}" in page


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.READ_ONLY, Role.PORTAL_CUSTOMER])
def test_only_administrators_see_attempts(role, make_user, logged_in, api_client, receiver, subscribe):
    delivery = queued_delivery(subscribe(receiver.url()))
    webhook_delivery.attempt_delivery(delivery.pk)
    user = make_user(role)

    page = logged_in(user).get(page_url(delivery))
    api = api_client(user).get(api_url(delivery))

    assert page.status_code == 403 and api.status_code == 403
    assert "received" not in page.content.decode() + api.content.decode()


def test_a_delivery_of_another_subscription_or_none_at_all_is_not_found(
    admin_user, logged_in, api_client, receiver, subscribe
):
    delivery = queued_delivery(subscribe(receiver.url("/a")))
    other = subscribe(receiver.url("/b"), ["order.*"])
    client = logged_in(admin_user)
    api = api_client(admin_user)

    wrong_page = client.get(reverse("integrations:webhook_delivery_detail", args=[other.pk, delivery.pk]))
    missing_page = client.get(
        reverse("integrations:webhook_delivery_detail", args=[delivery.subscription_id, 999999])
    )

    assert wrong_page.status_code == 404 and missing_page.status_code == 404
    assert api.get(f"{BASE}{other.pk}/deliveries/{delivery.pk}/attempts").status_code == 404
    assert api.get(f"{BASE}{delivery.subscription_id}/deliveries/999999/attempts").status_code == 404


# --- the API ------------------------------------------------------------------------------------


def test_the_api_lists_a_deliverys_attempts_in_order(
    admin_user,
    api_client,
    receiver,
    subscribe,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    subscription = subscribe(receiver.url())
    receiver.answer(500)
    delivery = queued_delivery(subscription)
    webhook_delivery.attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.redeliver(delivery, actor=admin_user)
    client = api_client(admin_user)

    with django_assert_max_num_queries(6):
        response = client.get(api_url(delivery))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first, second = body["items"]
    assert (first["number"], first["response_code"], first["outcome"]) == (1, 500, "will_retry")
    assert "500" in first["error"] and first["next_attempt_at"] is not None
    assert first["response_excerpt"] == '{"received": true}' and first["triggered_by"] is None
    assert (second["number"], second["response_code"], second["outcome"]) == (2, 200, "delivered")
    assert second["triggered_by"]["id"] == admin_user.pk and second["duration_ms"] >= 0
    paged = client.get(api_url(delivery), limit=1, offset=1).json()
    assert paged["count"] == 2 and [i["number"] for i in paged["items"]] == [2]
    assert client.get(api_url(delivery), limit=0).status_code == 422


def test_the_api_answers_an_empty_list_before_the_first_attempt(admin_user, api_client, receiver, subscribe):
    delivery = queued_delivery(subscribe(receiver.url()))

    assert api_client(admin_user).get(api_url(delivery)).json() == {"count": 0, "items": []}


# --- pruning ------------------------------------------------------------------------------------


def test_pruning_deletes_old_attempts_in_batches_and_keeps_recent_ones(
    receiver, subscribe, settings, admin_user, logged_in
):
    settings.CATENA_WEBHOOK_ATTEMPT_DAYS = 30
    receiver.default_status = 500
    delivery = queued_delivery(subscribe(receiver.url()))
    for _ in range(5):
        webhook_delivery.attempt_delivery(delivery.pk)
    now = timezone.now()
    WebhookAttempt.objects.filter(number__lte=3).update(started_at=now - timedelta(days=31))
    WebhookAttempt.objects.filter(number=4).update(started_at=now - timedelta(days=29))

    deleted = webhooks.prune_attempts(batch_size=2)

    assert deleted == 3
    assert [n for n, _code, _outcome in history(delivery)] == [4, 5]
    assert tasks.prune_webhook_attempts.delay().get() == 0  # nothing more to do
    page = logged_in(admin_user).get(page_url(delivery)).content.decode()
    assert "3 earlier attempts are no longer kept (attempts are kept for 30 days)." in page


def history_began(days_ago: int) -> str:
    """Pretend this database began keeping attempts ``days_ago`` days ago; return that date."""
    began = timezone.now() - timedelta(days=days_ago)
    MigrationRecorder.Migration.objects.filter(app="integrations", name="0003_webhook_attempts").update(
        applied=began
    )
    return timezone.localtime(began).date().isoformat()


def older_delivery(subscription, *, days_ago: int, attempts: int) -> WebhookDelivery:  # type: ignore[no-untyped-def]
    """A delivery created ``days_ago`` days ago whose ``attempts`` attempts were made then."""
    delivery = queued_delivery(subscription)
    then = timezone.now() - timedelta(days=days_ago)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        created_at=then, attempts=attempts, last_attempt_at=then, status=DeliveryStatus.FAILED
    )
    return delivery


@pytest.mark.parametrize(
    ("history_days", "delivery_days", "attempts", "expected"),
    [
        # a history younger than the retention: nothing can have been pruned yet
        (10, 20, 2, "2 earlier attempts were made before attempts began to be recorded on {began}."),
        # a history older than the retention, but the delivery's attempts all came before it
        (60, 90, 1, "1 earlier attempt was made before attempts began to be recorded on {began}."),
    ],
)
def test_attempts_made_before_the_history_began_are_called_unrecorded_not_pruned(
    receiver, subscribe, settings, admin_user, logged_in, history_days, delivery_days, attempts, expected
):
    settings.CATENA_WEBHOOK_ATTEMPT_DAYS = 30
    began = history_began(days_ago=history_days)
    delivery = older_delivery(subscribe(receiver.url()), days_ago=delivery_days, attempts=attempts)

    page = logged_in(admin_user).get(page_url(delivery)).content.decode()

    assert expected.format(began=began) in page
    assert "no longer kept" not in page


def test_earlier_attempts_of_an_old_delivery_retried_since_may_be_either(
    receiver, subscribe, settings, admin_user, logged_in
):
    settings.CATENA_WEBHOOK_ATTEMPT_DAYS = 30
    began = history_began(days_ago=60)
    delivery = older_delivery(subscribe(receiver.url()), days_ago=90, attempts=3)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, final_attempt=6)
    webhook_delivery.attempt_delivery(delivery.pk)  # attempt 4, recorded

    page = logged_in(admin_user).get(page_url(delivery)).content.decode()

    assert 'data-attempt="4"' in page
    assert (
        f"3 earlier attempts are not listed: they were made before attempts began to be recorded on "
        f"{began}, or are no longer kept (attempts are kept for 30 days)."
    ) in page


def test_pruning_follows_the_setting_and_zero_keeps_everything(receiver, subscribe, settings):
    delivery = queued_delivery(subscribe(receiver.url()))
    webhook_delivery.attempt_delivery(delivery.pk)
    WebhookAttempt.objects.update(started_at=timezone.now() - timedelta(days=10))

    settings.CATENA_WEBHOOK_ATTEMPT_DAYS = 0
    assert tasks.prune_webhook_attempts.delay().get() == 0
    settings.CATENA_WEBHOOK_ATTEMPT_DAYS = 7
    assert tasks.prune_webhook_attempts.delay().get() == 1

    assert not WebhookAttempt.objects.exists()
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()  # the delivery log stays


def test_pruning_is_scheduled_and_defaults_to_30_days():
    schedule = django_settings.CELERY_BEAT_SCHEDULE

    assert any(entry["task"] == "integrations.prune_webhook_attempts" for entry in schedule.values())
    assert django_settings.CATENA_WEBHOOK_ATTEMPT_DAYS == 30
