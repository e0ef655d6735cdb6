"""Foundation models: timestamps, the domain-event outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class EventQuerySet(GatedQuerySet["Event"]):
    def pending(self) -> EventQuerySet:
        return self.filter(dispatched_at__isnull=True)


class Event(models.Model):
    """A domain event: something worth knowing happened, written in the same transaction as
    the change itself (the outbox), then handed to webhooks, the timeline and analytics."""

    name = models.CharField(_("event"), max_length=80)
    # The version of the event's declaration (its payload's shape) when it was emitted.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    subject_type = models.CharField(_("subject type"), max_length=80)
    subject_id = models.CharField(_("subject id"), max_length=64)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="core_event_subject"),
            # by name, without the pattern index a plain db_index adds (names are never LIKE-d)
            models.Index(fields=["name", "id"], name="core_event_name"),
            models.Index(
                fields=["id"], name="core_event_pending", condition=models.Q(dispatched_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.subject_type}#{self.subject_id}"
