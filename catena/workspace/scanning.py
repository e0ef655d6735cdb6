"""The virus-scan hook: ``CATENA_VIRUS_SCAN`` names a callable ``(file) -> verdict`` (a dotted
path) that a deployment wires to its scanner (ClamAV, a cloud service). It answers ``"clean"`` or
``"infected"``; without one, uploads are recorded as not scanned. A scanner that fails or answers
anything else refuses the upload: an unknown verdict is not a clean one."""

from __future__ import annotations

import logging
from typing import IO, Any

from django.conf import settings
from django.utils.module_loading import import_string

from catena.workspace.choices import ScanVerdict

logger = logging.getLogger(__name__)


class ScanFailed(Exception):
    """The configured scanner could not give a verdict."""


def scan(file: IO[bytes]) -> ScanVerdict:
    path = getattr(settings, "CATENA_VIRUS_SCAN", "")
    if not path:
        return ScanVerdict.NOT_SCANNED
    try:
        scanner: Any = import_string(path)
        file.seek(0)
        verdict = scanner(file)
    except Exception as exc:
        logger.warning("virus scan with %s failed: %s", path, exc)
        raise ScanFailed(str(exc)) from exc
    finally:
        file.seek(0)
    if verdict in (ScanVerdict.CLEAN, ScanVerdict.INFECTED):
        return ScanVerdict(verdict)
    logger.warning("virus scan with %s answered %r", path, verdict)
    raise ScanFailed(f"unknown verdict {verdict!r}")
