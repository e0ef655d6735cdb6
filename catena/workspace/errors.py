"""Error codes of the workspace (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare, declare_stale_version

# --- activities, follows and notifications -----------------------------------------------------

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


# --- activity plans -----------------------------------------------------------------------------

PLAN_NOT_APPLICABLE = declare(
    "activity_plan.not_applicable",
    422,
    _("This plan does not apply to this kind of record."),
    "The plan lists the kinds of record it applies to, and the record named is not one of them.",
)
PLAN_INACTIVE = declare(
    "activity_plan.inactive",
    422,
    _("This plan is retired; it can no longer be applied."),
    "The plan is not active (an administrator or manager may make it active again).",
)
PLAN_EMPTY = declare(
    "activity_plan.empty",
    422,
    _("This plan has no steps yet."),
    "A plan needs at least one step before it can be applied.",
)
PLAN_UNKNOWN_KIND = declare(
    "activity_plan.unknown_kind",
    422,
    _("Activities cannot be attached to this kind of record."),
    "`applies_to` names a kind of record that takes no activities.",
)
PLAN_ASSIGNEE_REQUIRED = declare(
    "activity_plan.assignee_required",
    422,
    _("Choose the colleague who does this step."),
    "A step given to a named colleague names none (or one who is not active staff).",
)
PLAN_TOO_MANY_STEPS = declare(
    "activity_plan.too_many_steps",
    422,
    _("A plan has at most 50 steps."),
    "`steps` lists more than 50 steps.",
)

# --- attachments and comments -------------------------------------------------------------------

TARGET_NOT_SUPPORTED = declare(
    "workspace.target_not_supported",
    422,
    _("Files and comments cannot be attached to this kind of record."),
    "`target_type` is not one of the kinds of record files and comments attach to.",
)
ATTACHMENT_EMPTY = declare(
    "attachment.empty", 422, _("The file is empty."), "The uploaded file has no content."
)
ATTACHMENT_TOO_LARGE = declare(
    "attachment.too_large",
    422,
    _("The file is larger than the limit."),
    "The uploaded file is larger than `CATENA_UPLOAD_MAX_BYTES` (25 MB unless configured).",
)
ATTACHMENT_TYPE_NOT_ALLOWED = declare(
    "attachment.type_not_allowed",
    422,
    _("Files of this type are not accepted."),
    "The file's extension is not one of the accepted kinds (PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, "
    "PPTX, CSV, TXT, DWG, DXF).",
)
ATTACHMENT_TYPE_MISMATCH = declare(
    "attachment.type_mismatch",
    422,
    _("The file's content does not match its extension."),
    "The content, read from its bytes, is not the kind its extension names (a `.pdf` that is a "
    "program, a `.csv` that is not UTF-8 text, a macro-enabled Office file).",
)
ATTACHMENT_INFECTED = declare(
    "attachment.infected",
    422,
    _("The virus scan found malware in this file."),
    "The configured virus scanner (`CATENA_VIRUS_SCAN`) flagged the file; it was not stored.",
)
ATTACHMENT_SCAN_FAILED = declare(
    "attachment.scan_failed",
    422,
    _("The file could not be scanned for viruses; try again later."),
    "The configured virus scanner failed or gave no verdict; the file was not stored.",
)
COMMENT_EMPTY = declare(
    "comment.empty", 422, _("Write something first."), "The comment's body is empty or only spaces."
)
COMMENT_DELETED = declare(
    "comment.deleted", 403, _("This comment was deleted."), "A deleted comment cannot be edited."
)

# --- search everywhere ---------------------------------------------------------------------------

SEARCH_BLANK = declare(
    "search.blank_query",
    422,
    _("Type something to search for."),
    "The search query is empty or only spaces.",
)
SEARCH_UNKNOWN_KIND = declare(
    "search.unknown_kind",
    422,
    _("Unknown kind of record."),
    "`kinds` names a kind the search does not know (see the `kind` values of the answer).",
)
