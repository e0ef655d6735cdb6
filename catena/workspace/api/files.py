"""REST endpoints for the files attached to records (``/api/v1/attachments/``)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.errors import HttpError

from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.workspace import filetypes, services
from catena.workspace.api.common import target_of
from catena.workspace.models import Attachment
from catena.workspace.schemas.files import AttachmentListParams, AttachmentOut, AttachmentPageOut
from catena.workspace.selectors.files import attachments_of

router = Router(tags=["attachments"])

_FILE_TYPES = sorted({mime.split(";")[0] for mime in filetypes.MIME_TYPES.values()})
DOWNLOAD_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as an attachment (`Content-Disposition`), typed by its content.",
            "content": {mime: {"schema": {"type": "string", "format": "binary"}} for mime in _FILE_TYPES},
        }
    }
}


def _attachment(request: HttpRequest, attachment_id: int) -> Attachment:
    return gate.api_record(request, Attachment.objects.select_related("uploaded_by"), attachment_id)


@router.get("/", response=with_errors({200: AttachmentPageOut}), summary="List the files of a record")
def list_attachments(request: HttpRequest, params: Query[AttachmentListParams]) -> dict[str, Any]:
    """The files attached to one record, newest first. Portal users see only the files shared
    with the portal, on their own records."""
    record = target_of(request, params.target_type, params.target_id)
    return page(attachments_of(gate.actor_of(request), record), params)


@router.post("/", response=with_errors({201: AttachmentOut}, 403), summary="Attach a file")
def upload_attachment(
    request: HttpRequest,
    target_type: Form[str],
    target_id: Form[RowId],
    file: File[UploadedFile],
    shared_with_portal: Form[bool] = False,
) -> Status[Attachment]:
    """Attach a file (multipart) to a record the caller may see. The content decides the kind:
    PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX, CSV or TXT (UTF-8 text), DWG or DXF, and the
    extension must name the same kind. Refused with a 422 on `file`: `attachment.empty`,
    `attachment.too_large`, `attachment.type_not_allowed`, `attachment.type_mismatch`,
    `attachment.infected`, `attachment.scan_failed`."""
    actor = gate.actor_of(request)
    access.ensure(actor, access.ADD, Attachment)
    if len(target_type) > 100:
        target_type = ""
    record = target_of(request, target_type, target_id)
    attachment = services.attach_file(record, actor=actor, file=file, shared_with_portal=shared_with_portal)
    return Status(201, _attachment(request, attachment.pk))


@router.get(
    "/{attachment_id}", response=with_errors({200: AttachmentOut}, 404), summary="Get a file's details"
)
def get_attachment(request: HttpRequest, attachment_id: RowId) -> Attachment:
    return _attachment(request, attachment_id)


@router.get(
    "/{attachment_id}/download",
    response=with_errors({200: None}, 404),
    summary="Download a file",
    openapi_extra=DOWNLOAD_RESPONSE,
)
def download_attachment(request: HttpRequest, attachment_id: RowId) -> FileResponse:
    """The file itself, always as a download under its sanitised name (RFC 5987 for names
    beyond ASCII), never cached."""
    attachment = _attachment(request, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise HttpError(404, _("Not found.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@router.delete("/{attachment_id}", response=with_errors({204: None}, 403, 404), summary="Remove a file")
def delete_attachment(request: HttpRequest, attachment_id: RowId) -> Status[None]:
    """Take a file off its record: its uploader, a manager or an administrator."""
    services.remove_attachment(_attachment(request, attachment_id), actor=gate.actor_of(request))
    return Status(204, None)
