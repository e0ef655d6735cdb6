"""The workspace's vocabulary."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActivityKind(models.TextChoices):
    """What the activity is: something to do about a record, by one person, by a time."""

    CALL = "call", pgettext_lazy("activity kind", "Call")  # a phone call to make
    VISIT = "visit", pgettext_lazy("activity kind", "Visit")  # a visit to pay
    EMAIL = "email", pgettext_lazy("activity kind", "E-mail")  # an e-mail to write
    MEETING = "meeting", pgettext_lazy("activity kind", "Meeting")  # a meeting to hold
    TODO = "todo", pgettext_lazy("activity kind", "To-do")  # anything else to do
    FOLLOW_UP = "follow_up", pgettext_lazy("activity kind", "Follow-up")  # chase an answer


class ActivityStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("activity status", "Open")  # still to do
    DONE = "done", pgettext_lazy("activity status", "Done")  # done, with its outcome
    CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")  # will not be done


class AssigneeRule(models.TextChoices):
    """Who gets the activity a plan's step creates."""

    RECORD_OWNER = "record_owner", _("The record's owner")  # the applier when it has none
    APPLIER = "applier", _("Whoever applies the plan")
    USER = "user", _("A named colleague")


class DigestFrequency(models.TextChoices):
    """How a user hears of notifications by e-mail (in the application they always appear)."""

    IMMEDIATELY = "immediately", _("Immediately, one e-mail each")
    DAILY = "daily", _("Once a day, in a digest")
    NEVER = "never", _("Never by e-mail")


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
