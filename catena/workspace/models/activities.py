"""Activities: calls, meetings and to-dos on a record, someone's to do by a time."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.workspace.choices import ActivityKind, ActivityStatus


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
