from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and the ``demo``/``seed`` commands. It sits above every app because it fills them all."""

    name = "catena.demo"
    label = "demo"
    verbose_name = _("Demo data")
