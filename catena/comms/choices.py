from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    FAX = "fax", _("Fax")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    WEB_FORM = "web_form", _("Web form")
    PORTAL = "portal", _("Portal")
    WECOM = "wecom", _("WeCom")
    EDI = "edi", _("EDI")
    NOTE = "note", _("Note")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")  # the party reached us
    OUTBOUND = "outbound", _("Outbound")  # we reached the party
    INTERNAL = "internal", _("Internal")  # a note among ourselves


class InteractionKind(models.TextChoices):
    """What a timeline entry is. Only exchanges count as contact with the party."""

    EXCHANGE = "exchange", _("Exchange")  # what people exchanged with the party (or noted about it)
    SYSTEM = "system", _("System entry")  # a record change written by the services: stage, status…
