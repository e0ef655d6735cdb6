"""Pages of activities: "my day", scheduling, closing and rescheduling, follows and the
activity panel on a record's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from ninja.errors import HttpError

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.versions import StaleVersion
from catena.workspace import selectors, services, targets
from catena.workspace.forms import (
    ActivityForm,
    CloseForm,
    RescheduleForm,
    apply_service_errors,
    due_moment,
)
from catena.workspace.models import Activity
from catena.workspace.panel import form_context, panel_context

PAGE_SIZE = 50


def _target(request: HttpRequest, label: str, pk: Any) -> models.Model:
    record = targets.find(request.user, label, pk)
    if record is None:
        raise Http404
    return record


def _back(request: HttpRequest) -> str:
    return gate.safe_next(request, request.POST.get("next", ""), reverse("workspace:my_day"))


def _day_context(request: HttpRequest) -> dict[str, Any]:
    sections = selectors.my_day(request.user)
    return {
        "sections": [
            ("overdue", _("Overdue"), sections["overdue"]),
            ("today", _("Today"), sections["today"]),
            ("upcoming", _("Coming up"), sections["upcoming"]),
        ],
        "is_empty": not any(sections.values()),
    }


def _after_change(request: HttpRequest, activity: Activity) -> HttpResponse:
    """An action's answer: the part of the page it came from (htmx), else back to that page."""
    if gate.is_fragment(request):
        if request.POST.get("from") == "panel":
            record = targets.load(activity.content_type_id, activity.object_id)
            if record is not None and access.can(request.user, access.VIEW, record):
                return render(request, "workspace/activity_panel.html", panel_context(request, record))
        return render(request, "workspace/my_day.html#sections", _day_context(request))
    return HttpResponseRedirect(_back(request))


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    if gate.is_fragment(request):
        response = HttpResponse(message, status=409)
        response["HX-Reswap"] = "none"
        return response
    messages.error(request, message)
    return HttpResponseRedirect(_back(request))


@internal_page
@require_GET
def my_day(request: HttpRequest) -> HttpResponse:
    """The user's open activities: overdue, today and coming up, by record."""
    return render(request, "workspace/my_day.html", _day_context(request))


@internal_page
@require_POST
def activity_schedule(request: HttpRequest) -> HttpResponse:
    """Schedule an activity from a record's panel."""
    record = _target(request, request.POST.get("target_type", ""), request.POST.get("target_id", ""))
    form: ActivityForm | None = ActivityForm(request.POST, user=request.user)
    assert form is not None
    if form.is_valid():
        due_at, all_day = due_moment(form.cleaned_data["due_date"], form.cleaned_data["due_time"])
        try:
            with gate.refused_as_403():
                services.schedule_activity(
                    record,
                    actor=acting_user(request),
                    kind=form.cleaned_data["kind"],
                    subject=form.cleaned_data["subject"],
                    note=form.cleaned_data["note"],
                    due_at=due_at,
                    all_day=all_day,
                    assignee=form.cleaned_data["assignee"],
                )
        except ValidationError as exc:
            apply_service_errors(form, exc, {"due_at": "due_date"})
        else:
            form = None
            if not gate.is_fragment(request):
                messages.success(request, _("Activity scheduled."))
    if gate.is_fragment(request):
        return render(request, "workspace/activity_panel.html", panel_context(request, record, form))
    if form is not None:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return HttpResponseRedirect(_back(request))


def _close(request: HttpRequest, pk: int, close: Any) -> HttpResponse:
    activity = gate.visible_or_404(request.user, Activity, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("Invalid input."))
    try:
        with gate.refused_as_403():
            close(
                activity,
                actor=acting_user(request),
                outcome=form.cleaned_data["outcome"],
                expected_version=form.cleaned_data["version"],
            )
    except StaleVersion:
        return _refused(request, _("The activity changed since you read it; reload and try again."))
    except HttpError as exc:
        return _refused(request, str(exc.message))
    except ValidationError as exc:
        return _refused(request, " ".join(exc.messages))
    return _after_change(request, activity)


@internal_page
@require_POST
def activity_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an activity done (one click; an outcome may come along)."""
    return _close(request, pk, services.complete_activity)


@internal_page
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, services.cancel_activity)


@internal_page
@require_POST
def activity_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an activity by some days (from its due time, or from today when it is overdue) or
    to a date picked (keeping its time of day)."""
    activity = gate.visible_or_404(request.user, Activity, pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return _refused(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    local_due = timezone.localtime(activity.due_at)
    picked = form.cleaned_data["due_date"]
    if picked:
        due_at = local_due.replace(year=picked.year, month=picked.month, day=picked.day)
    else:
        today = timezone.localdate()
        if local_due.date() < today:  # an overdue one moves from today, not from its old date
            local_due = local_due.replace(year=today.year, month=today.month, day=today.day)
        due_at = local_due + timedelta(days=form.cleaned_data["days"])
    try:
        with gate.refused_as_403():
            services.reschedule_activity(
                activity,
                actor=acting_user(request),
                due_at=due_at,
                expected_version=form.cleaned_data["version"],
            )
    except StaleVersion:
        return _refused(request, _("The activity changed since you read it; reload and try again."))
    except HttpError as exc:
        return _refused(request, str(exc.message))
    except ValidationError as exc:
        return _refused(request, " ".join(exc.messages))
    return _after_change(request, activity)


@internal_page
@require_POST
def follow_toggle(request: HttpRequest) -> HttpResponse:
    """Follow or stop following a record (``action=follow|unfollow``)."""
    record = _target(request, request.POST.get("target_type", ""), request.POST.get("target_id", ""))
    with gate.refused_as_403():
        if request.POST.get("action") == "unfollow":
            services.unfollow(record, actor=acting_user(request))
        else:
            services.follow(record, actor=acting_user(request))
    if gate.is_fragment(request):
        return render(request, "workspace/activity_panel.html", panel_context(request, record))
    return HttpResponseRedirect(_back(request))


@internal_page
@require_GET
def activity_panel(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """The activity panel of one record on its own (htmx reloads it)."""
    record = _target(request, target_type, target_id)
    return render(request, "workspace/activity_panel.html", panel_context(request, record))


@internal_page
@require_GET
def activity_form(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """The form that schedules an activity on one record: read when its panel opens (htmx), or
    as a page of its own without JavaScript."""
    record = _target(request, target_type, target_id)
    gate.require(request, access.ADD, Activity)
    back = gate.safe_next(request, request.GET.get("next", ""), reverse("workspace:my_day"))
    context = {**form_context(request, record), "next_url": back}
    if gate.is_fragment(request):
        return render(request, "workspace/parts/schedule_form.html", context)
    return render(request, "workspace/schedule_page.html", context)
