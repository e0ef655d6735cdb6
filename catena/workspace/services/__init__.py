"""Use cases of the workspace (each takes ``actor=``), by topic:

* ``activities``: schedule, complete, cancel and reschedule activities;
* ``follows``: follow and unfollow records;
* ``notifications``: write notifications (from the rules and for due activities), mark them
  read, the e-mail preference;
* ``mail``: the e-mails that carry notifications, one by one or in a daily digest;
* ``plans``: define activity plans and apply them to a record;
* ``files``: attach and remove files;
* ``comments``: comment, edit, delete, @mentions.
"""

from catena.workspace.services.activities import (
    cancel_activity,
    complete_activity,
    reschedule_activity,
    schedule_activity,
)
from catena.workspace.services.comments import add_comment, delete_comment, edit_comment
from catena.workspace.services.files import attach_file, remove_attachment
from catena.workspace.services.follows import drop_follow, follow, unfollow
from catena.workspace.services.notifications import mark_all_read, mark_read, set_digest_frequency
from catena.workspace.services.plans import apply_plan, create_plan, update_plan

__all__ = [
    "add_comment",
    "apply_plan",
    "attach_file",
    "cancel_activity",
    "complete_activity",
    "create_plan",
    "delete_comment",
    "drop_follow",
    "edit_comment",
    "follow",
    "mark_all_read",
    "mark_read",
    "remove_attachment",
    "reschedule_activity",
    "schedule_activity",
    "set_digest_frequency",
    "unfollow",
    "update_plan",
]
