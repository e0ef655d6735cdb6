"""Checks of free text that every app applies the same way: names free of invisible control
characters, and caps on what one request may store."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# C0 and C1 controls (tab and line breaks included: a name is one line), and the bidirectional
# embeddings, overrides and isolates that make a name display differently from what it is.
_FORBIDDEN_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

MAX_NOTES_CHARS = 20_000  # notes, descriptions and other long text of one record
MAX_TAGS_PER_REQUEST = 100
MAX_CHILDREN_PER_REQUEST = 500  # contacts, addresses or contact points written with one party


def check_name(value: str) -> None:
    """Refuse a name holding a control character or a bidirectional override."""
    found = _FORBIDDEN_IN_NAMES.search(value)
    if found:
        raise ValidationError(
            _("Names may not contain control or text-direction characters (found U+%(code)04X).")
            % {"code": ord(found.group())},
            code="control_character",
        )


def check_long_text(value: str, limit: int = MAX_NOTES_CHARS) -> None:
    if len(value) > limit:
        raise ValidationError(
            _("At most %(limit)d characters (this has %(count)d).") % {"limit": limit, "count": len(value)},
            code="too_long",
        )
