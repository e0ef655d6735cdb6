"""API schemas of the workspace.

Topics: ``activities``, ``notifications`` (and the e-mail preference), ``follows``, ``files``
(attachments), ``comments``, ``search``, ``plans`` (activity plans)."""

from catena.workspace.schemas.activities import (
    ActivityCloseIn,
    ActivityIn,
    ActivityListParams,
    ActivityOut,
    ActivityPageOut,
    ActivityRescheduleIn,
    WorkspaceUserOut,
)
from catena.workspace.schemas.comments import (
    CommentIn,
    CommentListParams,
    CommentOut,
    CommentPageOut,
    CommentPatch,
)
from catena.workspace.schemas.files import AttachmentListParams, AttachmentOut, AttachmentPageOut
from catena.workspace.schemas.follows import FollowIn, FollowOut, FollowPageOut
from catena.workspace.schemas.notifications import (
    NotificationListParams,
    NotificationOut,
    NotificationPageOut,
    PreferenceIn,
    PreferenceOut,
    ReadAllOut,
)
from catena.workspace.schemas.plans import (
    ActivityPlanApplyIn,
    ActivityPlanIn,
    ActivityPlanOut,
    ActivityPlanPageOut,
    ActivityPlanStepIn,
    ActivityPlanStepOut,
)

__all__ = [
    "ActivityPlanApplyIn",
    "ActivityPlanIn",
    "ActivityPlanOut",
    "ActivityPlanPageOut",
    "ActivityPlanStepIn",
    "ActivityPlanStepOut",
    "ActivityCloseIn",
    "ActivityIn",
    "ActivityListParams",
    "ActivityOut",
    "ActivityPageOut",
    "ActivityRescheduleIn",
    "AttachmentListParams",
    "AttachmentOut",
    "AttachmentPageOut",
    "CommentIn",
    "CommentListParams",
    "CommentOut",
    "CommentPageOut",
    "CommentPatch",
    "FollowIn",
    "FollowOut",
    "FollowPageOut",
    "NotificationListParams",
    "NotificationOut",
    "NotificationPageOut",
    "PreferenceIn",
    "PreferenceOut",
    "ReadAllOut",
    "WorkspaceUserOut",
]
