"""Files served to portal users through an access check, never as a raw /media/ address."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from catena.portal import selectors
from catena.portal.views.common import portal_of, portal_page


@portal_page
@require_GET
def shipment_pod(request: HttpRequest, pk: int) -> FileResponse:
    """The proof-of-delivery photo of a shipment the party carries or ordered; anything else 404."""
    portal = portal_of(request)
    shipment = selectors.pod_shipment(portal.user, portal.party, pk)
    if shipment is None or not shipment.pod_photo:
        raise Http404
    try:
        handle = shipment.pod_photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePath(shipment.pod_photo.name or "pod").name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    download = request.GET.get("download") == "1"
    response = FileResponse(handle, content_type=content_type, as_attachment=download, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
