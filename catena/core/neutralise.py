"""Formula-injection defence for spreadsheet exports (OWASP "CSV injection")."""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading single quote; numbers,
    dates and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value
