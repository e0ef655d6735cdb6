"""Stable error codes: one registry of every code an API error may carry.

A code is a dotted name that never changes once published (``party.uscc_taken``), so clients can
branch on it while the message, in the caller's language, is for people. Each app declares its
codes in ``<app>/errors.py`` with :func:`declare`; a service raises them through Django's own
``code`` argument::

    raise ValidationError({"uscc": ValidationError(_("..."), code="party.uscc_taken")})

The API's error handler (``catena/api.py``) passes a declared code through and maps Django's and
pydantic's built-in codes to the generic ones declared here. A test scans the source for every
``code="…"`` and fails when one is not declared; the OpenAPI document lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError


@dataclass(frozen=True)
class ErrorCode:
    """One code: its HTTP status, its default message (translated) and what it means."""

    code: str
    status: int
    message: Promise | str
    doc: str

    def __str__(self) -> str:
        return self.code


_REGISTRY: dict[str, ErrorCode] = {}


def declare(code: str, status: int, message: Promise | str, doc: str) -> ErrorCode:
    """Register ``code``; declaring the same code twice with another meaning is a programming error."""
    existing = _REGISTRY.get(code)
    entry = ErrorCode(code=code, status=status, message=message, doc=doc)
    if existing is not None and existing != entry:
        raise ValueError(f"error code {code!r} is declared twice")
    _REGISTRY[code] = entry
    return entry


def load_declarations() -> None:
    """Import every installed Catena app's ``errors`` module so that all codes are registered."""
    for config in apps.get_app_configs():
        if config.name.startswith("catena."):
            try:
                import_module(f"{config.name}.errors")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.errors":
                    raise


_loaded = False


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded and apps.ready:
        load_declarations()
        _loaded = True


def declared() -> dict[str, ErrorCode]:
    """Every declared code, sorted by name."""
    _ensure_loaded()
    return dict(sorted(_REGISTRY.items()))


def lookup(code: str | None) -> ErrorCode | None:
    if not code:
        return None
    _ensure_loaded()
    return _REGISTRY.get(code)


# --- the generic codes -----------------------------------------------------------------------------

INVALID = declare("invalid", 422, _("Enter a valid value."), "The value is not acceptable.")
REQUIRED = declare("required", 422, _("This field is required."), "A required input is missing.")
TOO_LONG = declare("too_long", 422, _("The value is too long."), "A text or list exceeds its maximum length.")
UNKNOWN_FIELD = declare(
    "unknown_field", 422, _("Unknown field."), "The input has a key the operation does not take."
)
INVALID_CHOICE = declare(
    "invalid_choice", 422, _("Not one of the allowed values."), "The value is not one of the listed choices."
)
UNKNOWN_REFERENCE = declare(
    "unknown_reference",
    422,
    _("No such record."),
    "An id in the input names no record, or none the caller may see.",
)
PARSE_ERROR = declare(
    "parse_error", 400, _("The request body could not be parsed."), "The body is not well-formed JSON."
)
STALE_VERSION = declare(
    "stale_version",
    409,
    _("The record changed since you read it; reload it and try again."),
    "The `version` sent is not the record's current version (the body's `version` gives the current one).",
)
NOT_FOUND = declare("not_found", 404, _("Not found."), "No such record, or not one the caller may see.")
PERMISSION_DENIED = declare(
    "permission_denied", 403, _("Permission denied."), "The caller may see the record but not do this."
)
UNAUTHENTICATED = declare(
    "unauthenticated", 401, _("Authentication required."), "No valid token or session was sent."
)
OUT_OF_RANGE = declare(
    "out_of_range",
    422,
    _("The value is outside the accepted range."),
    "A number or a date is below or above what the field accepts.",
)
CONTROL_CHARACTER = declare(
    "control_character",
    422,
    _("Names may not contain control or text-direction characters."),
    "A name holds a control character or a bidirectional override.",
)
CONFLICT = declare(
    "conflict",
    409,
    _("The record was changed or created concurrently; try again."),
    "Another request changed the same data at the same time, or other records still depend on it.",
)


# The stale-version code of each versioned model (``order.stale_version``), by model label.
_STALE_BY_MODEL: dict[str, ErrorCode] = {}


def declare_stale_version(record: str, model_label: str) -> ErrorCode:
    """Declare ``<record>.stale_version``, answered when a stale version of ``model_label``
    (``"sales.SalesOrder"``) is sent."""
    entry = declare(
        f"{record}.stale_version",
        409,
        STALE_VERSION.message,
        f"The {record.replace('_', ' ')} changed since it was read "
        "(the body's `version` gives the current one).",
    )
    _STALE_BY_MODEL[model_label.lower()] = entry
    return entry


def stale_version_code(obj: Any) -> ErrorCode:
    """The code of a stale version of ``obj``: its record's own one, else the generic one."""
    _ensure_loaded()
    meta = getattr(obj, "_meta", None)
    found = _STALE_BY_MODEL.get(meta.label_lower) if meta is not None else None
    return found or STALE_VERSION


# Django's built-in validation codes and pydantic's error types, mapped to the generic codes.
_BUILTIN: dict[str, str] = {
    "required": "required",
    "missing": "required",
    "blank": "required",
    "null": "required",
    "max_length": "too_long",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "extra_forbidden": "unknown_field",
    "enum": "invalid_choice",
    "literal_error": "invalid_choice",
}


def stable_code(code: Any) -> str:
    """The published code for a raised ``code``: a declared one as is, a built-in one mapped."""
    if isinstance(code, str):
        if lookup(code) is not None:
            return code
        return _BUILTIN.get(code, INVALID.code)
    return INVALID.code


def error_codes_table() -> str:
    """The Markdown table of every declared code, as ``docs/api.md`` lists it."""
    lines = ["| code | status | meaning |", "|---|---|---|"]
    for entry in declared().values():
        lines.append(f"| `{entry.code}` | {entry.status} | {entry.doc} |")
    return "\n".join(lines) + "\n"


class CodedHttpError(HttpError):
    """An API answer other than 422 that carries a declared code (``raise CodedHttpError(409,
    _("…"), code="party.in_use")``)."""

    def __init__(self, status_code: int, message: Any, *, code: str) -> None:
        super().__init__(status_code, message)
        self.code = code
