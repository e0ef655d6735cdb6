"""The service desk's use cases: every write to a case goes through these functions."""

from catena.service.services.cases import assign, change_status, choose_owner, merge, open_case
from catena.service.services.messages import add_note, add_reply

__all__ = ["add_note", "add_reply", "assign", "change_status", "choose_owner", "merge", "open_case"]
