"""The settings of sending webhooks, each with a default that needs no configuration."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

# Each can be set in Django settings or in the environment of the same name.
DEFAULTS: dict[str, Any] = {
    "CATENA_WEBHOOKS_MAX_ATTEMPTS": 8,  # per round; a redelivery starts a new round
    "CATENA_WEBHOOKS_BACKOFF_SECONDS": 60,  # wait after the first failed attempt; doubles each time
    "CATENA_WEBHOOKS_TIMEOUT": 10.0,  # seconds to connect, and to wait for each read
    "CATENA_WEBHOOKS_DISABLE_AFTER": 20,  # failed deliveries in a row that disable a subscription
    "CATENA_WEBHOOKS_ALLOW_PRIVATE": False,  # allow loopback and private addresses (tests, intranets)
}


def config(name: str) -> Any:
    """A webhook setting: Django settings first, then the environment, then the default."""
    default = DEFAULTS[name]
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    if value is None or value == "":
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}
    try:
        return type(default)(value)
    except (TypeError, ValueError):
        return default
