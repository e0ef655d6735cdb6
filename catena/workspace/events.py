"""The domain events of the workspace (declared here, emitted by ``workspace.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, declare

# --- activities ---------------------------------------------------------------------------------

ACTIVITY_EXAMPLE = {
    "target_type": "parties.party",
    "target_id": 7,
    "kind": "call",
    "assignee": 12,
    "due_at": "2027-01-12T10:00:00+08:00",
}


class ActivityPayload(EventPayload):
    target_type: str
    """The kind of record the activity is about (``app_label.model_name``, e.g. ``parties.party``)."""
    target_id: int
    """The id of that record."""
    kind: str
    """``call``, ``visit``, ``email``, ``meeting``, ``todo`` or ``follow_up``."""
    assignee: int
    """The user who is to do it."""
    due_at: str
    """When it is due (ISO 8601 with offset)."""


@declare("activity.scheduled", subject="workspace.activity", example=ACTIVITY_EXAMPLE)
class ActivityScheduled(ActivityPayload):
    """An activity was scheduled on a record for someone (its assignee hears of it when someone
    else scheduled it)."""


@declare(
    "activity.completed",
    subject="workspace.activity",
    example={**ACTIVITY_EXAMPLE, "outcome": "Agreed on the March delivery."},
)
class ActivityCompleted(ActivityPayload):
    """An activity was done."""

    outcome: str
    """What came of it (may be empty)."""


@declare(
    "activity.cancelled",
    subject="workspace.activity",
    example={**ACTIVITY_EXAMPLE, "outcome": "The customer moved the meeting to the fair."},
)
class ActivityCancelled(ActivityPayload):
    """An activity was cancelled: it will not be done."""

    outcome: str
    """Why (may be empty)."""


@declare(
    "activity.rescheduled",
    subject="workspace.activity",
    example={**ACTIVITY_EXAMPLE, "previous_due_at": "2027-01-11T10:00:00+08:00"},
)
class ActivityRescheduled(ActivityPayload):
    """An open activity was given another due time (or another assignee)."""

    previous_due_at: str
    """When it was due before (ISO 8601 with offset)."""


@declare(
    "activity_plan.applied",
    subject="workspace.activityplan",
    example={
        "plan_id": 3,
        "target_type": "parties.party",
        "target_id": 7,
        "start": "2027-01-12",
        "activities": [101, 102, 103, 104, 105],
    },
)
class ActivityPlanApplied(EventPayload):
    """A plan was applied to a record: one activity was scheduled per step (each also announced as
    ``activity.scheduled``)."""

    plan_id: int
    """The plan applied."""
    target_type: str
    """The kind of record, ``app_label.model_name`` (``parties.party``)."""
    target_id: int
    """The record's id."""
    start: str
    """The day the steps' offsets count from (ISO 8601 date, in the applier's time zone)."""
    activities: list[int]
    """The ids of the activities scheduled, in the plan's order."""


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
    "comment.edited",
    subject="workspace.comment",
    example={"target_type": "sales.opportunity", "target_id": 9, "mentioned": [12]},
)
class CommentEdited(OnRecord):
    """A colleague changed the text of their comment."""

    mentioned: list[int]
    """The users the new text @mentions and the old one did not: each hears of a mention once."""


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
