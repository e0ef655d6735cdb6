"""What the files and comments panels show about one record for one user: read through the
selectors (so through the gate) by the panels' template tags and by the pages that redraw them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from catena.accounts import roles
from catena.core import access
from catena.workspace import filetypes, targets
from catena.workspace.forms import AttachmentForm, CommentForm
from catena.workspace.models import Attachment, Comment
from catena.workspace.selectors.comments import comments_on
from catena.workspace.selectors.files import attachments_of

ACCEPT = ",".join(sorted(filetypes.EXTENSIONS))


def _on(record: models.Model, rows: list[Any]) -> list[Any]:
    """``rows`` with their record in place, so that asking about each costs no query."""
    for row in rows:
        row.target = record
    return rows


def _ids(user: Any, action: str, rows: list[Any]) -> set[int]:
    return {row.pk for row in rows if access.can(user, action, row)}


def _where(record: models.Model) -> dict[str, Any]:
    label = targets.label_of(record)
    return {
        "record": record,
        "target_type": label,
        "target_id": record.pk,
        "panel_key": f"{label.replace('.', '-')}-{record.pk}",
    }


def files_context(
    user: Any, record: models.Model, *, next_url: str = "", form: AttachmentForm | None = None
) -> dict[str, Any]:
    attachments = _on(record, list(attachments_of(user, record)))
    where = _where(record)
    return {
        **where,
        "attachments": attachments,
        "removable": _ids(user, access.DELETE, attachments),
        "can_add": access.can(user, access.ADD, Attachment) and roles.is_internal(user),
        "is_portal": roles.is_portal(user),
        "form": form or AttachmentForm(),
        "panel_url": reverse("workspace:files_panel", args=[where["target_type"], record.pk]),
        "next": next_url,
        "accept": ACCEPT,
        "limit_mb": settings.CATENA_UPLOAD_MAX_BYTES // (1024 * 1024),
    }


def comments_context(
    user: Any, record: models.Model, *, next_url: str = "", form: CommentForm | None = None
) -> dict[str, Any]:
    comments = _on(record, list(comments_on(user, record)))
    where = _where(record)
    return {
        **where,
        "comments": comments,
        "deletable": _ids(user, access.DELETE, comments),
        "editable": _ids(user, access.CHANGE, comments),
        "can_add": access.can(user, access.ADD, Comment),
        "form": form or CommentForm(),
        "panel_url": reverse("workspace:comments_panel", args=[where["target_type"], record.pk]),
        "mention_url": reverse("workspace:mention_candidates"),
        "next": next_url,
    }
