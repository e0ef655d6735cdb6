"""Helpers the order-flow pages share: paging, the htmx-or-redirect answer of an action, and the
messages for the refusals every action can meet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from catena.core.versions import StaleVersion
from catena.fulfilment.models import Shipment

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


def page_of(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    value = request.GET.get("per_page", "")
    size = int(value) if value.isdecimal() and int(value) in PAGE_SIZES else DEFAULT_PAGE_SIZE
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def version_of(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdecimal() and 0 < int(value) < 2**31 else None


def messages_of(exc: ValidationError) -> list[str]:
    """Each message, prefixed by the field it is about when that is not obvious from the form."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    labels = {
        "reason": _("Reason"),
        "to": _("Stage"),
        "status": _("Status"),
        "note": _("Note"),
        "promised_date": _("Promised date"),
        "signed_by": _("Signed for by"),
        "photo": _("Photo"),
        "kind": _("Event"),
        "occurred_at": _("Occurred at"),
        "carrier": _("Carrier"),
    }
    result = []
    for field, items in exc.message_dict.items():
        for message in items:
            label = labels.get(field)
            result.append(f"{label}: {message}" if label else message)
    return result


class ActionOutcome:
    """What an action ended with: a success message or errors to show beside its form."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.success = ""
        self.stale = False
        self.exc: ValidationError | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def flash(self, request: HttpRequest) -> None:
        """For a full page answer (no htmx): the messages go to the next page."""
        if self.success and self.ok:
            messages.success(request, self.success)
        for error in self.errors:
            messages.error(request, error)


def stale_message() -> str:
    return _(
        "Someone else changed this record while you were looking at it. It has been reloaded: "
        "check it and try again."
    )


@contextmanager
def outcome_of(outcome: ActionOutcome) -> Iterator[None]:
    """Run a service call: its refusals become messages and a stale version a clear warning. A
    ``PermissionDenied`` passes through (wrap the call in ``refused_as_403`` to answer 403)."""
    try:
        yield
    except StaleVersion:
        outcome.stale = True
        outcome.errors.append(stale_message())
    except ValidationError as exc:
        outcome.exc = exc
        outcome.errors.extend(messages_of(exc))


def pod_file_response(shipment: Shipment) -> HttpResponse:
    """The photo as an attachment (never rendered inline: an uploaded file is not trusted)."""
    name = (shipment.pod_photo.name or "pod").rsplit("/", 1)[-1]
    response = FileResponse(shipment.pod_photo.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]
