"""Files attached to records: contracts, drawings, invoices, photos."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.workspace.choices import FileKind, ScanVerdict


def stored_name(instance: Attachment, filename: str) -> str:
    """Where the storage keeps a file: a random name without the uploader's, so that nothing the
    uploader chose (a path, an extension a web server would execute) reaches the storage."""
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class AttachmentQuerySet(GatedQuerySet["Attachment"]):
    def present(self) -> AttachmentQuerySet:
        """Attachments not removed."""
        return self.filter(deleted_at__isnull=True)

    def on(self, record: models.Model) -> AttachmentQuerySet:
        """The attachments of ``record``."""
        return self.filter(target_type=ContentType.objects.get_for_model(record), target_id=record.pk)


class Attachment(models.Model):
    """A file attached to a record (a party, an order, a purchase order, an opportunity…): its
    content was checked to be of an accepted kind and size, and passed the virus-scan hook when
    one is configured. Removing it keeps the row (who removed it and when) and the stored file."""

    target_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("target_type", "target_id")
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    mime_type = models.CharField(_("content type"), max_length=100)
    scan_verdict = models.CharField(
        _("virus scan"), max_length=20, choices=ScanVerdict.choices, default=ScanVerdict.NOT_SCANNED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_with_portal = models.BooleanField(
        _("shared with the portal"),
        default=False,
        help_text=_("The customer or partner of the record sees and downloads it in the portal."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"], name="attachment_target")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None
