"""Settings: the index and our own company's profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catena.accounts import services
from catena.accounts.forms import CompanyProfileForm, add_service_errors
from catena.accounts.models import CompanyProfile
from catena.accounts.views import acting_user, internal_page, settings_nav, settings_page


@internal_page
@require_http_methods(["GET"])
def settings_index(request: HttpRequest) -> HttpResponse:
    """The first settings section the user may open (403 when there is none)."""
    sections = settings_nav(request.user, "")
    if not sections:
        raise PermissionDenied
    return redirect(sections[0]["url"])


@settings_page(CompanyProfile)
@require_http_methods(["GET", "POST"])
def company_profile(request: HttpRequest) -> HttpResponse:
    profile = services.company_profile()
    initial = {
        "name": profile.name,
        "uscc": profile.uscc,
        "address": profile.address,
        "default_currency": profile.default_currency,
    }
    form = CompanyProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_company_profile(actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Company profile saved."))
            return redirect("settings:company")
    context = {"form": form, "settings_nav": settings_nav(request.user, "settings:company")}
    return render(request, "accounts/settings/company.html", context, status=422 if form.errors else 200)
