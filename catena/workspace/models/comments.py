"""Comments on records, with @mentions of colleagues."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet

MAX_COMMENT_CHARS = 5_000


class CommentQuerySet(GatedQuerySet["Comment"]):
    def present(self) -> CommentQuerySet:
        """Comments not deleted."""
        return self.filter(deleted_at__isnull=True)

    def on(self, record: models.Model) -> CommentQuerySet:
        """The comments on ``record``."""
        return self.filter(target_type=ContentType.objects.get_for_model(record), target_id=record.pk)


class Comment(models.Model):
    """What a colleague wrote about a record (an order, a purchase order, an opportunity, a
    party), for the other people working on it; ``@username`` mentions the colleagues it is
    meant for. Internal only: portal users never see comments. Deleting one keeps the row."""

    target_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_CHARS)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentions"), blank=True, related_name="comment_mentions"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"], name="comment_target")]

    def __str__(self) -> str:
        return self.body[:60]
