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


class DigestFrequency(models.TextChoices):
    """How a user hears of notifications by e-mail (in the application they always appear)."""

    IMMEDIATELY = "immediately", _("Immediately, one e-mail each")
    DAILY = "daily", _("Once a day, in a digest")
    NEVER = "never", _("Never by e-mail")
