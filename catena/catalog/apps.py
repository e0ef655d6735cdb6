from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catena.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from catena.catalog import policies  # noqa: F401  (registers access rules)
        from catena.catalog.search import register_search

        register_search()
