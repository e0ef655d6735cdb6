from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "catena.parties"
    label = "parties"
    verbose_name = _("Parties")

    def ready(self) -> None:
        from catena.parties import (
            notifications,  # noqa: F401  (targets and rules of the workspace)
            policies,  # noqa: F401  (registers access rules)
        )
        from catena.parties.search import register_search

        register_search()
        from catena.parties.views.records import register_overview

        register_overview()
