"""The domain events of the workspace (declared here, emitted by ``workspace.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, declare

# --- attachments and comments -------------------------------------------------------------------


class OnRecord(EventPayload):
    """Base of the events about something attached to a record."""

    target_type: str
    """The kind of record, ``app_label.model`` (``parties.party``, ``sales.salesorder``,
    ``fulfilment.purchaseorder``, ``sales.opportunity``…)."""
    target_id: int
    """The record's id."""


@declare(
    "comment.created",
    subject="workspace.comment",
    example={"target_type": "fulfilment.purchaseorder", "target_id": 42, "mentioned": [7, 12]},
)
class CommentCreated(OnRecord):
    """A colleague commented on a record."""

    mentioned: list[int]
    """The users the comment @mentions: active internal users who may see the record."""


@declare(
    "attachment.added",
    subject="workspace.attachment",
    example={"target_type": "parties.party", "target_id": 7, "kind": "pdf", "shared_with_portal": False},
)
class AttachmentAdded(OnRecord):
    """A file was attached to a record (its content checked and, when a scanner is configured,
    found clean)."""

    kind: str
    """``pdf``, ``png``, ``jpeg``, ``gif``, ``webp``, ``docx``, ``xlsx``, ``pptx``, ``csv``,
    ``txt``, ``dwg`` or ``dxf``."""
    shared_with_portal: bool
    """Whether the record's customer or partner sees it in the portal."""


@declare(
    "attachment.removed",
    subject="workspace.attachment",
    example={"target_type": "parties.party", "target_id": 7},
)
class AttachmentRemoved(OnRecord):
    """An attachment was removed from its record by its uploader or a manager."""
