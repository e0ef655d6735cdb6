"""The workspace's records. They attach to records of any app by content type and id, so the
domain apps above may use them without the workspace knowing those apps."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.workspace.choices import ActivityKind, ActivityStatus, DigestFrequency


class ActivityQuerySet(GatedQuerySet["Activity"]):
    def open(self) -> ActivityQuerySet:
        return self.filter(status=ActivityStatus.OPEN)

    def overdue(self, now: Any = None) -> ActivityQuerySet:
        return self.open().filter(due_at__lt=now or timezone.now())

    def on(self, record: models.Model) -> ActivityQuerySet:
        """The activities about ``record``."""
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


class Activity(models.Model):
    """Something one person is to do about a record by a time: a call, a visit, an e-mail, a
    meeting, a to-do or a follow-up. Done or cancelled with an outcome, which stays on it."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.TODO)
    subject = models.CharField(_("subject"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    due_at = models.DateTimeField(_("due"))
    all_day = models.BooleanField(_("all day"), default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.CASCADE,
        related_name="activities",
        db_index=False,  # the (assignee, status, due) index serves it
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the assignee was told the activity is due (once per due time; rescheduling clears it).
    due_notified_at = models.DateTimeField(_("due notice sent at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"], name="activity_my_day"),
            models.Index(fields=["content_type", "object_id"], name="activity_target"),
            models.Index(
                fields=["due_at"],
                name="activity_due_unnotified",
                condition=models.Q(status="open", due_notified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status == ActivityStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()


class Follow(models.Model):
    """A user who wants to hear when a record changes, though it is not theirs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
        db_index=False,  # the unique constraint serves it
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="follow_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}#{self.object_id}"


class NotificationQuerySet(GatedQuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a user should hear of: a domain event that concerns them, about a record they
    may see. The text is a message key and its values, worded in the reader's language when shown."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # the (recipient, read, created) index serves it
    )
    event_name = models.CharField(_("event"), max_length=80)
    # The domain event it came from (none for the workspace's own notices, such as "due").
    event_id = models.PositiveBigIntegerField(_("event id"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    verb = models.CharField(_("message key"), max_length=80)
    params = models.JSONField(_("message values"), default=dict, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox"),
        ]
        constraints = [
            # a redelivered event notifies nobody twice
            models.UniqueConstraint(
                fields=["recipient", "event_id", "verb"],
                name="notification_once_per_event",
                condition=models.Q(event_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verb} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How one user wants notifications by e-mail. A user without one gets the daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    frequency = models.CharField(
        _("e-mail"), max_length=20, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["user"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"
