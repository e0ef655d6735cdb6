"""The service desk's records: cases and their messages (``cases``). Every model is importable
from here."""

from catena.service.models.cases import Case, CaseMessage, CaseQuerySet

__all__ = ["Case", "CaseMessage", "CaseQuerySet"]
