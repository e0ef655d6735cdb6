"""The workspace's records. They attach to records of any app by content type and id, so the
domain apps above may use them without the workspace knowing those apps.

Topics: ``activities`` (calls, meetings, to-dos), ``follows``, ``notifications`` (and each user's
preferences), ``plans`` (activity plans), ``files`` (attachments), ``comments`` (comments with @mentions)."""

from catena.workspace.models.activities import Activity, ActivityQuerySet
from catena.workspace.models.comments import Comment
from catena.workspace.models.files import Attachment
from catena.workspace.models.follows import Follow
from catena.workspace.models.notifications import Notification, NotificationPreference, NotificationQuerySet
from catena.workspace.models.plans import ActivityPlan, ActivityPlanQuerySet, ActivityPlanStep

__all__ = [
    "Activity",
    "ActivityPlan",
    "ActivityPlanQuerySet",
    "ActivityPlanStep",
    "ActivityQuerySet",
    "Attachment",
    "Comment",
    "Follow",
    "Notification",
    "NotificationPreference",
    "NotificationQuerySet",
]
