"""Notifications a user should hear of, and how they like to hear of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.workspace.choices import DigestFrequency


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
