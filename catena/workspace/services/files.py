"""Attaching files to records and removing them."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.core import access, events
from catena.core.validation import Errors
from catena.workspace import errors, filetypes, targets
from catena.workspace.choices import ScanVerdict
from catena.workspace.events import AttachmentAdded, AttachmentRemoved
from catena.workspace.models import Attachment
from catena.workspace.scanning import ScanFailed, scan

DEFAULT_MAX_BYTES = 25 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "CATENA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def check_target(record: models.Model, errs: Errors) -> None:
    if not targets.is_target(record):
        errs.add(
            "target_type", str(errors.TARGET_NOT_SUPPORTED.message), code=errors.TARGET_NOT_SUPPORTED.code
        )


def _inspect(file: File[Any], name: str, errs: Errors) -> tuple[filetypes.Recognised, ScanVerdict] | None:
    """The file's kind and scan verdict if it may be stored; otherwise the reason goes to ``errs``
    (on ``file``)."""
    size = file.size or 0
    if size == 0:
        errs.add("file", _("The file is empty."), code=errors.ATTACHMENT_EMPTY.code)
        return None
    limit = max_upload_bytes()
    if size > limit:
        errs.add(
            "file",
            _("The file is %(size)s MB; at most %(limit)s MB are accepted.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)},
            code=errors.ATTACHMENT_TOO_LARGE.code,
        )
        return None
    claimed = filetypes.kind_by_name(name)
    if claimed is None:
        errs.add(
            "file",
            _("Files of this type (%(extension)s) are not accepted. Accepted: %(accepted)s.")
            % {
                "extension": filetypes.extension_of(name) or _("no extension"),
                "accepted": ", ".join(sorted({e.lstrip(".").upper() for e in filetypes.EXTENSIONS})),
            },
            code=errors.ATTACHMENT_TYPE_NOT_ALLOWED.code,
        )
        return None
    found = filetypes.recognise(file, name)
    if found is None:
        errs.add(
            "file",
            _("The file is named %(extension)s but its content is not a %(kind)s.")
            % {"extension": filetypes.extension_of(name), "kind": claimed.label},
            code=errors.ATTACHMENT_TYPE_MISMATCH.code,
        )
        return None
    try:
        verdict = scan(file)
    except ScanFailed:
        errs.add("file", str(errors.ATTACHMENT_SCAN_FAILED.message), code=errors.ATTACHMENT_SCAN_FAILED.code)
        return None
    if verdict == ScanVerdict.INFECTED:
        errs.add("file", str(errors.ATTACHMENT_INFECTED.message), code=errors.ATTACHMENT_INFECTED.code)
        return None
    return found, verdict


def _sha256(file: File[Any]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _portal_may_attach(kind: targets.TargetKind, user: Any, record: models.Model) -> bool:
    if callable(kind.portal_uploads):
        return access.can(user, access.VIEW, record) and kind.portal_uploads(user, record)
    return bool(kind.portal_uploads) and access.can(user, access.CHANGE, record)


@transaction.atomic
def attach_file(
    record: models.Model,
    *,
    actor: Any,
    file: File[Any],
    name: str | None = None,
    shared_with_portal: bool = False,
) -> Attachment:
    """Attach ``file`` to ``record``, kept under ``name`` (the uploaded file's own name by default,
    sanitised). Refused, with every reason on ``file``, when the file is empty, over the size
    limit, not of an accepted kind, named as one kind while being another, or flagged by the
    virus scanner; nothing is stored then.

    A portal user attaches only to a record of a kind that takes portal uploads and that they may
    change; what they attach is shared with the portal (they see it)."""
    if roles.is_portal(actor):
        kind = targets.kind_for(record)
        if kind is None or not _portal_may_attach(kind, actor, record):
            raise access.PermissionDenied(access.ADD, Attachment)
        shared_with_portal = True
    else:
        access.ensure(actor, access.ADD, Attachment)
    access.ensure(actor, access.VIEW, record)
    errs = Errors()
    check_target(record, errs)
    errs.raise_if_any()
    clean_name = filetypes.sanitise_name(name or file.name or "")
    inspected = _inspect(file, clean_name, errs)
    errs.raise_if_any()
    assert inspected is not None
    found, verdict = inspected
    attachment = Attachment(
        target=record,
        name=clean_name,
        size=file.size,
        sha256=_sha256(file),
        kind=found.kind,
        mime_type=found.mime_type,
        scan_verdict=verdict,
        uploaded_by=actor,
        shared_with_portal=shared_with_portal,
    )
    attachment.file.save(clean_name, file, save=False)
    try:
        attachment.save()
        events.emit(
            AttachmentAdded(
                target_type=targets.label_of(record),
                target_id=record.pk,
                kind=found.kind.value,
                shared_with_portal=shared_with_portal,
            ),
            attachment,
            actor=actor,
        )
    except BaseException:
        attachment.file.delete(save=False)  # no row will point at it: leave no orphan behind
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor: Any) -> Attachment:
    """Take ``attachment`` off its record (its uploader, a manager or an administrator). The row
    and the stored file stay, so that an auditor can still see what was there."""
    access.ensure(actor, access.DELETE, attachment)
    attachment.deleted_at = timezone.now()
    attachment.deleted_by = actor
    attachment.save(update_fields=["deleted_at", "deleted_by"])
    events.emit(
        AttachmentRemoved(
            target_type=targets.label_of_type(attachment.target_type_id), target_id=attachment.target_id
        ),
        attachment,
        actor=actor,
    )
    return attachment
