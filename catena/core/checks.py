"""System checks of Catena's own settings (``catena check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def development_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The key that ships with the code signs nothing safely: anyone can read it."""
    development_key = getattr(settings, "CATENA_INSECURE_DEV_KEY", None)
    if development_key is None or development_key != settings.SECRET_KEY:
        return []
    return [
        checks.Error(
            "SECRET_KEY is Catena's built-in development key, which is public.",
            hint="Set CATENA_SECRET_KEY to a long random value, for example the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="catena.E001",
        )
    ]
