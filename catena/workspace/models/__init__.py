"""The workspace's records. They attach to records of any app by content type and id, so the
domain apps above may use them without the workspace knowing those apps.

Topics: ``files`` (attachments), ``comments`` (comments with @mentions)."""

from catena.workspace.models.comments import Comment
from catena.workspace.models.files import Attachment

__all__ = ["Attachment", "Comment"]
