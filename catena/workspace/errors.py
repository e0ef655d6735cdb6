"""Error codes of the workspace (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare, declare_stale_version

UNKNOWN_TARGET_TYPE = declare(
    "activity.unknown_target_type",
    422,
    _("Activities cannot be attached to this kind of record."),
    "`target_type` names no kind of record activities, follows or notifications attach to.",
)
ASSIGNEE_NOT_ELIGIBLE = declare(
    "activity.assignee_not_eligible",
    422,
    _("The assignee must be an active member of staff who may see the record."),
    "The assignee is unknown, inactive, a portal user, or may not see the activity's record.",
)
NOT_OPEN = declare(
    "activity.not_open",
    409,
    _("This activity is already done or cancelled."),
    "Only an open activity can be completed, cancelled or rescheduled.",
)
STALE = declare_stale_version("activity", "workspace.Activity")
