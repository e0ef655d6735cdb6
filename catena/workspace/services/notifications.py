"""Notifications: writing them (for the rules and for due activities), reading them, and how
each user wants them by e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access
from catena.workspace import targets
from catena.workspace.choices import DigestFrequency
from catena.workspace.models import Activity, Notification, NotificationPreference

DUE_VERB = "activity.due"


def frequency_of(user_id: int) -> str:
    found = NotificationPreference.objects.filter(user_id=user_id).values_list("frequency", flat=True).first()
    return found or DigestFrequency.DAILY


def notify(
    recipients: Iterable[int],
    *,
    verb: str,
    target: models.Model | None,
    actor_id: int | None = None,
    event_name: str = "",
    event_id: int | None = None,
    params: dict[str, Any] | None = None,
) -> list[Notification]:
    """Write one notification per recipient who is active staff and may see ``target``; never
    to the actor about their own doing. E-mails of those who want them at once are queued for
    after the commit."""
    wanted = {pk for pk in recipients if pk and pk != actor_id}
    if not wanted:
        return []
    reference: dict[str, Any] = {}
    if target is not None:
        reference = {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}
    written = []
    for user in User.objects.filter(pk__in=wanted, is_active=True):
        if target is not None and not access.can(user, access.VIEW, target):
            continue  # never a word about a record the recipient may not see
        if not access.can(user, access.VIEW, Notification):
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    event_name=event_name or verb,
                    event_id=event_id,
                    actor_id=actor_id,
                    verb=verb,
                    params=params or {},
                    **reference,
                )
        except IntegrityError:  # this event already notified this user (a redelivery)
            continue
        written.append(notification)
    immediate = [n.pk for n in written if frequency_of(n.recipient_id) == DigestFrequency.IMMEDIATELY]
    if immediate:
        transaction.on_commit(lambda: _queue_mails(immediate))
    return written


def _queue_mails(notification_ids: list[int]) -> None:
    from catena.workspace.tasks import send_notification_mail

    for pk in notification_ids:
        send_notification_mail.delay(pk)


@transaction.atomic
def mark_read(notification: Notification, *, actor: Any) -> Notification:
    """Mark one of the actor's notifications read (again: nothing changes)."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise access.PermissionDenied(access.CHANGE, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; how many there were."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_digest_frequency(user: Any, *, actor: Any, frequency: str) -> NotificationPreference:
    """How ``user`` hears of notifications by e-mail; users set their own."""
    if getattr(actor, "pk", None) != user.pk or not access.can(actor, access.CHANGE, NotificationPreference):
        raise access.PermissionDenied(access.CHANGE, NotificationPreference)
    if frequency not in DigestFrequency.values:
        raise ValidationError(
            {"frequency": [ValidationError(_("Not one of the allowed values."), code="invalid_choice")]}
        )
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return preference


def notify_due_activities(*, now: Any = None, limit: int = 1000) -> int:
    """Tell each assignee, once, that an open activity of theirs is due; how many were told.
    Run periodically; rescheduling an activity lets it be told again at its new time."""
    now = now or timezone.now()
    told = 0
    due = Activity.objects.filter(status="open", due_notified_at__isnull=True, due_at__lte=now).order_by(
        "due_at"
    )
    for activity in due[:limit]:
        with transaction.atomic():
            claimed = Activity.objects.filter(pk=activity.pk, due_notified_at__isnull=True).update(
                due_notified_at=now
            )
            if not claimed:
                continue
            record = targets.load(activity.content_type_id, activity.object_id)
            notify(
                [activity.assignee_id],
                verb=DUE_VERB,
                target=record,
                params={"subject": activity.subject, "record": str(record) if record else ""},
            )
            told += 1
    return told
