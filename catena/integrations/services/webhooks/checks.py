"""What a subscription may hold: event names (exact, or ending in ``*``) and a receiver URL that
leads to a public address."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catena.integrations.models import ALL_EVENTS
from catena.integrations.services import webhook_delivery
from catena.integrations.services.webhook_delivery import is_public_address

# "*", or dotted lowercase words of which the last may be "*": order.stage_changed, order.*
EVENT_PATTERN = re.compile(r"^\*$|^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.([a-z][a-z0-9_]*|\*)$")
MAX_EVENT_NAMES = 50


def clean_event_names(value: str | Iterable[str]) -> list[str]:
    """Event names from a list or from text (one per line or separated by commas or spaces)."""
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else [str(v) for v in value]
    names: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in names:
            names.append(item)
    if not names:
        raise ValidationError(
            {
                "events": [
                    ValidationError(_("Choose at least one event, or * for every event."), code="required")
                ]
            }
        )
    if len(names) > MAX_EVENT_NAMES:
        raise ValidationError(
            {
                "events": [
                    ValidationError(
                        _("At most %(count)d event names.") % {"count": MAX_EVENT_NAMES}, code="too_long"
                    )
                ]
            }
        )
    bad = [n for n in names if len(n) > 80 or not EVENT_PATTERN.match(n)]
    if bad:
        raise ValidationError(
            {
                "events": [
                    ValidationError(
                        _(
                            "“%(name)s” is not an event name: use names like order.stage_changed, order.* or *."
                        )
                        % {"name": bad[0][:80]},
                        code="webhook.invalid_event",
                    )
                ]
            }
        )
    return [ALL_EVENTS] if ALL_EVENTS in names else names


def _is_local_host(host: str) -> bool:
    """Is ``host`` an address or name that leads inside (loopback, private network, this machine)?"""
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return not is_public_address(name)
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False  # not resolvable yet: checked again before every delivery
    return any(not is_public_address(str(info[4][0])) for info in infos)


def clean_url(value: str) -> str:
    """An http(s) URL of a receiver Catena may reach."""
    url = (value or "").strip()
    if not url:
        raise ValidationError({"url": [ValidationError(_("This field is required."), code="required")]})
    if len(url) > 500:
        raise ValidationError({"url": [ValidationError(_("At most 500 characters."), code="too_long")]})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValidationError(
            {"url": [ValidationError(_("This is not a valid URL."), code="webhook.invalid_url")]}
        ) from exc
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            {
                "url": [
                    ValidationError(
                        _("Only http:// and https:// URLs can receive webhooks."), code="webhook.invalid_url"
                    )
                ]
            }
        )
    if not parts.hostname or any(c.isspace() for c in url):
        raise ValidationError(
            {"url": [ValidationError(_("This is not a valid URL."), code="webhook.invalid_url")]}
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            {
                "url": [
                    ValidationError(
                        _("Leave credentials out of the URL: receivers check the signature instead."),
                        code="webhook.invalid_url",
                    )
                ]
            }
        )
    if port == 0:
        raise ValidationError(
            {"url": [ValidationError(_("This is not a valid URL."), code="webhook.invalid_url")]}
        )
    if not webhook_delivery.allows_private_addresses() and _is_local_host(parts.hostname):
        raise ValidationError(
            {
                "url": [
                    ValidationError(
                        _("Webhooks may not be sent to local or private network addresses."),
                        code="webhook.private_address",
                    )
                ]
            }
        )
    return url


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(changes)
    errors: dict[str, list[ValidationError]] = {}
    if "name" in changes:
        name = str(changes["name"] or "").strip()
        if not name:
            errors["name"] = [ValidationError(_("This field is required."), code="required")]
        elif len(name) > 100:
            errors["name"] = [ValidationError(_("At most 100 characters."), code="too_long")]
        cleaned["name"] = name
    for key, clean in (("url", clean_url), ("event_names", clean_event_names)):
        if key in changes:
            try:
                cleaned[key] = clean(changes[key])
            except ValidationError as exc:
                errors.update(exc.error_dict)
    if "is_active" in changes:
        cleaned["is_active"] = bool(changes["is_active"])
    if errors:
        raise ValidationError(errors)
    return cleaned
