from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "catena.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from catena.integrations import policies  # noqa: F401  (registers access rules)
        from catena.integrations.services import webhooks  # noqa: F401  (fans domain events out)
