from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "catena.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from catena.accounts import policies  # noqa: F401  (registers access rules)
