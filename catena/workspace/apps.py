from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The everyday workspace: what is each user's to do, and what they need to hear of."""

    name = "catena.workspace"
    label = "workspace"
    verbose_name = _("Workspace")

    def ready(self) -> None:
        from catena.accounts import roles
        from catena.workspace import notifications, policies, search  # noqa: F401  (access and notification rules)

        search.register_command(
            "home", _("Go to the dashboard"), "insights:home", roles.is_internal, keywords="home", order=40
        )
        search.register_command(
            "my_day",
            _("Go to my day"),
            "workspace:my_day",
            roles.is_internal,
            keywords="tasks today",
            order=45,
        )
        # Carried out by the palette itself: it sends the top bar's language form.
        search.register_command(
            "language",
            _("Switch language"),
            "set_language",
            lambda user: True,
            keywords="language english chinese 语言 中文 英文",
            order=90,
        )
