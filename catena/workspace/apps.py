from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The everyday workspace: what is each user's to do, and what they need to hear of."""

    name = "catena.workspace"
    label = "workspace"
    verbose_name = _("Workspace")

    def ready(self) -> None:
        from catena.workspace import notifications, policies  # noqa: F401  (access rules, notification rules)
