"""The first-run checklist (``/settings/start/``): what an administrator sets up on an empty
installation, each step done or not as the data says, until all are done or it is dismissed.

It lives with the import wizard, the one app that may read every other (edges layer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts import services as accounts
from catena.accounts.models import CompanyProfile
from catena.accounts.views import acting_user, settings_nav, settings_page
from catena.integrations import selectors


@settings_page(CompanyProfile)
@require_http_methods(["GET"])
def first_run_checklist(request: HttpRequest) -> HttpResponse:
    steps = {step.key: step.is_done for step in selectors.first_run_steps(request.user)}
    context = {
        "steps": steps,
        "all_done": all(steps.values()),
        "dismissed": accounts.company_profile().checklist_dismissed_at is not None,
        "settings_nav": settings_nav(request.user, "settings:start"),
    }
    return render(request, "integrations/first_run.html", context)


@settings_page(CompanyProfile)
@require_POST
def first_run_dismiss(request: HttpRequest) -> HttpResponse:
    accounts.dismiss_checklist(actor=acting_user(request))
    messages.success(request, _("The checklist is put away; it stays here under Settings."))
    return redirect("insights:home")
