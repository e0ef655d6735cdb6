"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A 403 is the access policy doing its job, not a fault: one warning line, no traceback.

    Django logs a refused request (``PermissionDenied``) on ``django.request`` with the exception
    attached, so every refusal filled the log with a stack trace that says nothing new.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
