"""Notification e-mails through a real SMTP server: one at a time, or the daily digest."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone

from catena.accounts.models import User
from catena.parties.models import Party
from catena.workspace import services
from catena.workspace.models import Notification
from catena.workspace.services.mail import send_digests
from catena.workspace.services.notifications import notify

pytestmark = pytest.mark.django_db


class Inbox:
    """Keeps every message the SMTP server accepted."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            {"to": envelope.rcpt_tos, "message": email.message_from_bytes(envelope.content, policy=default)}
        )
        return "250 Message accepted for delivery"

    def bodies(self) -> list[str]:
        return [m["message"].get_body(preferencelist=("plain",)).get_content() for m in self.messages]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd cannot be given port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.CATENA_SITE_URL = "https://crm.example.com"
    try:
        yield inbox
    finally:
        controller.stop()
    mail.outbox = []


def test_immediately_sends_one_mail_per_notification_after_the_commit(
    smtp: Inbox,
    party: Party,
    sales: User,
    colleague: User,
    soon: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.set_digest_frequency(colleague, actor=colleague, frequency="immediately")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [colleague.pk], verb="party.updated", target=party, params={"record": party.name, "actor": "李华"}
        )
        assert smtp.messages == []  # nothing leaves before the commit

    assert [m["to"] for m in smtp.messages] == [["colleague@example.com"]]
    body = smtp.bodies()[0]
    assert f"李华 changed {party.name}" in body
    assert f"https://crm.example.com/parties/{party.pk}/" in body
    assert Notification.objects.get().emailed_at is not None
    assert send_digests() == 0  # already e-mailed: not again in the digest


def test_the_daily_digest_sends_one_mail_per_user_once(
    smtp: Inbox, party: Party, sales: User, colleague: User, logistics: User
) -> None:
    services.set_digest_frequency(logistics, actor=logistics, frequency="never")
    sales.email = "sales@example.com"
    sales.save()
    notify(
        [colleague.pk, sales.pk, logistics.pk],
        verb="party.updated",
        target=party,
        params={"record": party.name},
    )
    notify(
        [colleague.pk], verb="activity.due", target=party, params={"record": party.name, "subject": "回电话"}
    )
    Notification.objects.filter(recipient=sales).update(
        read_at=Notification.objects.get(recipient=sales).created_at
    )

    assert send_digests() == 1  # colleague only: sales read theirs, logistics wants none
    assert send_digests() == 0

    assert [m["to"] for m in smtp.messages] == [["colleague@example.com"]]
    assert "2 notifications" in smtp.messages[0]["message"]["Subject"]
    body = smtp.bodies()[0]
    assert f"changed {party.name}" in body and "Due now: 回电话" in body

    # what comes later waits for the next day's digest
    notify([colleague.pk], verb="party.updated", target=party, params={"record": party.name})
    assert send_digests() == 0
    assert send_digests(now=timezone.now() + timedelta(hours=21)) == 1
    assert len(smtp.messages) == 2
