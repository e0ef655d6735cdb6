from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "catena.service"
    label = "service"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from catena.service.sla import policies  # noqa: F401  (access rules of SLA policies and clocks)
