"""Optimistic concurrency: records that people edit carry a ``version`` that every write bumps.

A caller that read a record sends the version it saw; if the record moved on meanwhile the
service raises :class:`StaleVersion` (HTTP 409, a page shows the newer record) and writes nothing.
"""

from __future__ import annotations

from typing import Any


class StaleVersion(Exception):
    """The record changed since the caller read it (another user acted first); nothing was written."""

    def __init__(self, obj: Any, expected: int, actual: int) -> None:
        super().__init__(f"{obj} is at version {actual}, not {expected}")
        self.obj = obj
        self.expected = expected
        self.actual = actual


def check_version(obj: Any, expected: int | None) -> None:
    """Raise :class:`StaleVersion` when the caller saw another version than ``obj`` has."""
    if expected is not None and obj.version != expected:
        raise StaleVersion(obj, expected, obj.version)
