"""Checks of a row's text that several importers share: the database's column lengths and the
bounds every app puts on what people write (``catena.core.text``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from catena.core import text
from catena.core.validation import Errors


def check_lengths(
    model: type[models.Model], values: dict[str, Any], errors: Errors, names: dict[str, str]
) -> None:
    """Reject text longer than its database column (``names`` maps model field → column key)."""
    for model_field, key in names.items():
        value = values.get(model_field)
        if not isinstance(value, str):
            continue
        limit = _max_length(model, model_field)
        if limit and len(value) > limit:
            errors.add(key, _("At most %(limit)s characters.") % {"limit": limit}, code="too_long")


def check_text(
    errors: Errors, values: Mapping[str, Any], *, names: Iterable[str] = (), long: Iterable[str] = ()
) -> None:
    """The bounds every app puts on what people write (``catena.core.text``): ``names`` are one
    line free of control and text-direction characters, ``long`` text is at most
    ``MAX_NOTES_CHARS`` long (keys of ``values``, reported under the same key)."""
    for keys, check in ((names, text.check_name), (long, text.check_long_text)):
        for key in keys:
            value = values.get(key)
            if isinstance(value, str):
                try:
                    check(value)
                except ValidationError as exc:
                    errors.capture(key, exc)


@functools.cache
def _max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length  # type: ignore[union-attr]
