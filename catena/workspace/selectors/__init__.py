"""Reads of the workspace's records for pages and the API.

Topics: ``activities`` (a user's day, the activities on a record), ``notifications`` (and the
navigation's counts), ``follows``, ``files`` (attachments of a record), ``comments`` (comments
and mention candidates), ``plans`` (activity plans)."""

from catena.workspace.selectors.activities import (
    RecordGroup,
    activities_on,
    activity_list,
    attach_targets,
    due_count,
    end_of_today,
    my_day,
    start_of_today,
)
from catena.workspace.selectors.comments import comments_on, mention_candidates
from catena.workspace.selectors.files import attachments_of
from catena.workspace.selectors.follows import follow_list
from catena.workspace.selectors.notifications import navigation_counts, notification_list, unread_count
from catena.workspace.selectors.plans import plan_detail, plan_list, plans_for

__all__ = [
    "RecordGroup",
    "activities_on",
    "activity_list",
    "attach_targets",
    "attachments_of",
    "comments_on",
    "due_count",
    "end_of_today",
    "follow_list",
    "mention_candidates",
    "my_day",
    "navigation_counts",
    "notification_list",
    "plan_detail",
    "plan_list",
    "plans_for",
    "start_of_today",
    "unread_count",
]
