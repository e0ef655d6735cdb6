"""Follows: users who want to hear of a record's changes though it is not theirs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet


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
