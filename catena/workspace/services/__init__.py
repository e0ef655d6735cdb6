"""Use cases of the workspace (each takes ``actor=``).

Topics: ``files`` (attach and remove files), ``comments`` (comment, edit, delete, @mentions)."""

from catena.workspace.services.comments import add_comment, delete_comment, edit_comment
from catena.workspace.services.files import attach_file, remove_attachment

__all__ = ["add_comment", "attach_file", "delete_comment", "edit_comment", "remove_attachment"]
