from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PIECE = "pcs", _("piece")
    BOX = "box", _("box")
    CARTON = "ctn", _("carton")
    PALLET = "plt", _("pallet")
    SET = "set", _("set")
    KILOGRAM = "kg", _("kilogram")
    TONNE = "t", _("tonne")
    METRE = "m", _("metre")
    LITRE = "l", _("litre")
