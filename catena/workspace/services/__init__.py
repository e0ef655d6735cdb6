"""Use cases of the workspace (each takes ``actor=``), by topic:

* ``activities``: schedule, complete, cancel and reschedule activities;
* ``follows``: follow and unfollow records;
* ``notifications``: write notifications (from the rules and for due activities), mark them
  read, the e-mail preference;
* ``mail``: the e-mails that carry notifications, one by one or in a daily digest.
"""

from catena.workspace.services.activities import (
    cancel_activity,
    complete_activity,
    reschedule_activity,
    schedule_activity,
)
from catena.workspace.services.follows import drop_follow, follow, unfollow
from catena.workspace.services.notifications import mark_all_read, mark_read, set_digest_frequency

__all__ = [
    "cancel_activity",
    "complete_activity",
    "drop_follow",
    "follow",
    "mark_all_read",
    "mark_read",
    "reschedule_activity",
    "schedule_activity",
    "set_digest_frequency",
    "unfollow",
]
