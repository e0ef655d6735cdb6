"""The domain events of the workspace (declared here, emitted by ``workspace.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, declare

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
