"""The one way a service collects field errors: every problem of one call is reported at once,
each message with its stable error code (``catena/core/errors.py``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Errors:
    """Collects field errors so that one call reports every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}
        self.codes: dict[str, list[str]] = {}

    def add(self, field: str, message: str, code: str = "invalid") -> None:
        """``code`` is a stable error code declared in an app's ``errors.py``."""
        self.by_field.setdefault(field, []).append(str(message))
        self.codes.setdefault(field, []).append(code)

    def capture(self, field: str, exc: ValidationError) -> None:
        for error in exc.error_list:
            message = error.message % error.params if error.params else error.message
            self.add(field, str(message), code=error.code or "invalid")

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(
                {
                    field: [
                        ValidationError(message, code=code)
                        for message, code in zip(messages, self.codes[field], strict=True)
                    ]
                    for field, messages in self.by_field.items()
                }
            )
