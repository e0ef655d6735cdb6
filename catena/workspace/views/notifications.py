"""Pages of notifications: the list, opening one, marking all read, the e-mail preference."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.workspace import rules, selectors, services, targets
from catena.workspace.forms import (
    PreferenceForm,
)
from catena.workspace.models import Notification
from catena.workspace.services.notifications import frequency_of

PAGE_SIZE = 50


def _notification_rows(request: HttpRequest, notifications: list[Notification]) -> list[dict[str, Any]]:
    return [{"notification": n, "text": rules.render(n.verb, n.params)} for n in notifications]


@internal_page
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first (``?unread=1`` for the unread ones only)."""
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_list(request.user, unread=True if unread_only else None)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": _notification_rows(request, list(page.object_list)),
        "unread_only": unread_only,
        "preference_form": PreferenceForm(initial={"frequency": frequency_of(acting_user(request).pk)}),
    }
    return render(request, "workspace/notification_list.html", context)


@internal_page
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and open the record it is about (its list when it has no page)."""
    notification = gate.visible_or_404(
        request.user, Notification.objects.filter(recipient_id=request.user.pk), pk
    )
    with gate.refused_as_403():
        services.mark_read(notification, actor=acting_user(request))
    if request.POST.get("stay"):
        return redirect("workspace:notification_list")
    record = targets.load(notification.content_type_id, notification.object_id)
    url = (
        targets.record_url(record)
        if record is not None and access.can(request.user, access.VIEW, record)
        else ""
    )
    return HttpResponseRedirect(url or reverse("workspace:notification_list"))


@internal_page
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=acting_user(request))
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("workspace:notification_list")


@internal_page
@require_http_methods(["POST"])
def preference_edit(request: HttpRequest) -> HttpResponse:
    """How the user hears of notifications by e-mail."""
    form = PreferenceForm(request.POST)
    if form.is_valid():
        with gate.refused_as_403():
            services.set_digest_frequency(
                acting_user(request), actor=acting_user(request), frequency=form.cleaned_data["frequency"]
            )
        messages.success(request, _("Your e-mail preference is saved."))
    else:
        messages.error(request, _("Choose how you want to hear of notifications by e-mail."))
    return redirect("workspace:notification_list")
