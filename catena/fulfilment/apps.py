from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "catena.fulfilment"
    label = "fulfilment"
    verbose_name = _("Order fulfilment")

    def ready(self) -> None:
        from catena.fulfilment import (
            notifications,  # noqa: F401  (targets and rules of the workspace)
            policies,  # noqa: F401  (registers access rules)
        )
        from catena.fulfilment.search import register_search
        from catena.fulfilment.services.flow import timeline  # noqa: F401  (subscribes to the flow's events)

        register_search()
        from catena.fulfilment.overview import register_overview

        register_overview()
