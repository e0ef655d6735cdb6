from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "catena.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from catena.sales import (
            notifications,  # noqa: F401  (targets and rules of the workspace)
            policies,  # noqa: F401  (registers access rules)
        )
        from catena.sales.search import register_search

        register_search()
        from catena.sales.overview import register_overview

        register_overview()
