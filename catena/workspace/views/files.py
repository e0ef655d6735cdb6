"""The files panel of a record: upload, list, remove; and the download through the gate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.workspace import panels, services
from catena.workspace.forms import AttachmentForm
from catena.workspace.models import Attachment
from catena.workspace.views.common import answer_panel, next_url, put_errors, target_or_404

TEMPLATE = "workspace/files_panel.html"


@internal_page
@require_http_methods(["GET", "POST"])
def files_panel(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """The files of a record; a POST attaches one (a 422 with the reason on the form when the
    file is refused)."""
    record = target_or_404(request, target_type, target_id)
    user = acting_user(request)
    form: AttachmentForm | None = None
    if request.method == "POST":
        gate.require(request, access.ADD, Attachment)
        posted = AttachmentForm(request.POST, request.FILES)
        if posted.is_valid():
            try:
                with gate.refused_as_403():
                    services.attach_file(
                        record,
                        actor=user,
                        file=posted.cleaned_data["file"],
                        shared_with_portal=posted.cleaned_data["shared_with_portal"],
                    )
            except ValidationError as exc:
                put_errors(posted, exc, "file")
        if posted.errors:
            form = posted
    status = 422 if form is not None else 200
    context = panels.files_context(user, record, next_url=next_url(request), form=form)
    return answer_panel(request, TEMPLATE, context, status=status)


@internal_page
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a file off its record (its uploader, a manager or an administrator)."""
    attachment = gate.visible_or_404(request.user, Attachment, pk, access.DELETE)
    record = attachment.target
    if record is None:
        raise Http404
    with gate.refused_as_403():
        services.remove_attachment(attachment, actor=acting_user(request))
    context = panels.files_context(acting_user(request), record, next_url=next_url(request))
    return answer_panel(request, TEMPLATE, context)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file itself, for whoever may see it: staff who see its record, the record's portal
    user when it is shared with the portal. Anyone else gets 404. Always a download (never shown
    inline), under its sanitised name, never cached."""
    attachment = gate.visible_or_404(request.user, Attachment, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
