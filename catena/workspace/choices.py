"""The workspace's vocabulary."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FileKind(models.TextChoices):
    """The kinds of file an attachment may be, each recognised by its content (see ``filetypes``)."""

    PDF = "pdf", _("PDF document")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    GIF = "gif", _("GIF image")
    WEBP = "webp", _("WebP image")
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel workbook")
    PPTX = "pptx", _("PowerPoint presentation")
    CSV = "csv", _("CSV table")
    TEXT = "txt", pgettext_lazy("file kind", "Text")
    DWG = "dwg", _("DWG drawing")
    DXF = "dxf", _("DXF drawing")


class ScanVerdict(models.TextChoices):
    """What the virus-scan hook (``CATENA_VIRUS_SCAN``) said of an uploaded file."""

    NOT_SCANNED = "not_scanned", _("Not scanned")  # no scanner is configured
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Infected")  # refused: never stored
