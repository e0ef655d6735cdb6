"""Background work of the workspace: notification e-mails, the daily digest, due activities."""

from __future__ import annotations

from celery import shared_task

from catena.workspace.services import mail, notifications


@shared_task(name="workspace.send_notification_mail")
def send_notification_mail(notification_id: int) -> bool:
    """E-mail one notification to a user who wants them at once. Safe to run twice."""
    return mail.send_notification_mail(notification_id)


@shared_task(name="workspace.send_digests")
def send_digests() -> int:
    """The daily digest of unread notifications. Safe to run twice: sent ones are marked."""
    return mail.send_digests()


@shared_task(name="workspace.notify_due_activities")
def notify_due_activities() -> int:
    """Tell assignees of open activities that became due. Each is told once per due time."""
    return notifications.notify_due_activities()
