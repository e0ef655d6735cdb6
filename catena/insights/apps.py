from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "catena.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from catena.insights import policies  # noqa: F401  (registers access rules)
