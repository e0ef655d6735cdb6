"""The e-mails that carry notifications: one per notification for users who want them at once,
one digest a day for the others (the default), none for users who said never."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.workspace import rules, targets
from catena.workspace.choices import DigestFrequency
from catena.workspace.models import Notification, NotificationPreference
from catena.workspace.services.notifications import frequency_of

DIGEST_GAP = timedelta(hours=20)


def _link(notification: Notification) -> str:
    path = targets.record_url(targets.load(notification.content_type_id, notification.object_id))
    return f"{settings.CATENA_SITE_URL.rstrip('/')}{path}" if path else ""


def _lines(notifications: list[Notification]) -> list[dict[str, Any]]:
    return [
        {"text": rules.render(n.verb, n.params), "link": _link(n), "created_at": n.created_at}
        for n in notifications
    ]


def send_notification_mail(notification_id: int) -> bool:
    """E-mail one notification to its recipient, once; whether a mail went out."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.recipient.email:
        return False
    if frequency_of(notification.recipient_id) != DigestFrequency.IMMEDIATELY:
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        line = _lines([notification])[0]
        body = render_to_string(
            "workspace/mail/notification.txt", {"line": line, "user": notification.recipient}
        )
        send_mail(
            _("Catena: %(text)s") % {"text": line["text"][:150]},
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
    return True


def send_digests(*, now: Any = None) -> int:
    """Send each user who wants the daily digest one e-mail with their unread notifications not
    yet e-mailed; how many digests went out. Safe to run twice: what was sent is marked."""
    now = now or timezone.now()
    not_daily = set(
        NotificationPreference.objects.exclude(frequency=DigestFrequency.DAILY).values_list(
            "user_id", flat=True
        )
    )
    # once a day at most, even when the schedule runs more often (each start of `catena serve`)
    not_daily |= set(
        Notification.objects.filter(emailed_at__gt=now - DIGEST_GAP).values_list("recipient_id", flat=True)
    )
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True, created_at__lte=now)
        .exclude(recipient_id__in=not_daily)
        .order_by("recipient_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.recipient_id].append(notification)
    sent = 0
    for user in User.objects.filter(pk__in=list(by_user), is_active=True).exclude(email=""):
        items = by_user[user.pk]
        claimed = Notification.objects.filter(pk__in=[n.pk for n in items], emailed_at__isnull=True).update(
            emailed_at=now
        )
        if not claimed:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string("workspace/mail/digest.txt", {"lines": _lines(items), "user": user})
            send_mail(
                _("Catena: %(count)s notifications") % {"count": len(items)},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        sent += 1
    return sent
