"""Reads of attachments."""

from __future__ import annotations

from typing import Any

from django.db import models

from catena.workspace.models import Attachment
from catena.workspace.models.files import AttachmentQuerySet


def attachments_of(user: Any, record: models.Model) -> AttachmentQuerySet:
    """The attachments of ``record`` that ``user`` may see, newest first."""
    return Attachment.objects.on(record).for_user(user).select_related("uploaded_by")
