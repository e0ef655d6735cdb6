from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "catena.comms"
    label = "comms"
    verbose_name = _("Comms")

    def ready(self) -> None:
        from catena.comms import policies  # noqa: F401  (registers access rules)
        from catena.comms.overview import register_overview

        register_overview()
