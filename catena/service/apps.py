from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "catena.service"
    label = "service"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from catena.service import (
            assignment_policies,  # noqa: F401  (assignment rules, agents' profiles and duty)
            notifications,  # noqa: F401  (targets and rules of the workspace)
            policies,  # noqa: F401  (registers access rules)
        )
        from catena.service.knowledge import policies as knowledge_policies  # noqa: F401  (articles)
        from catena.service.knowledge.finder import register_search as register_article_search
        from catena.service.overview import register_overview
        from catena.service.search import register_search
        from catena.service.sla import policies as sla_policies  # noqa: F401  (SLA policies and clocks)

        register_search()
        register_article_search()
        register_overview()
