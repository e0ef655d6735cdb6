"""The portal's home (the party's dashboard) and the user's account page with their preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts import services as accounts
from catena.accounts.forms import PreferencesForm, add_service_errors
from catena.accounts.views.signin import preferences_saved, save_preferences
from catena.portal import selectors
from catena.portal.views.common import portal_of, portal_page, render_portal


@portal_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The party's dashboard: what is open, and what needs attention first."""
    portal = portal_of(request)
    return render_portal(
        request,
        "portal/home.html",
        {"counts": selectors.dashboard_counts(portal), "attention": selectors.attention(portal)},
        nav="home",
    )


@portal_page
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The user's details, their preferences and a password change."""
    portal = portal_of(request)
    form = PasswordChangeForm(portal.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.set_password(portal.user, form.cleaned_data["new_password1"], actor=portal.user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("portal:account")
    return _account_page(request, form=form)


@portal_page
@require_POST
def account_preferences(request: HttpRequest) -> HttpResponse:
    """Save the user's own time zone, language and phone (the same preferences as staff have)."""
    portal = portal_of(request)
    preferences_form = PreferencesForm.of(portal.user, request.POST)
    if preferences_form.is_valid():
        try:
            save_preferences(request, preferences_form)
        except ValidationError as exc:
            add_service_errors(preferences_form, exc)
        else:
            return preferences_saved(request, redirect(reverse("portal:account") + "#preferences"))
    return _account_page(request, preferences_form=preferences_form)


def _account_page(
    request: HttpRequest,
    *,
    form: PasswordChangeForm | None = None,
    preferences_form: PreferencesForm | None = None,
) -> HttpResponse:
    portal = portal_of(request)
    context = {
        "form": form or PasswordChangeForm(portal.user),
        "preferences_form": preferences_form or PreferencesForm.of(portal.user),
    }
    has_errors = bool((form and form.errors) or (preferences_form and preferences_form.errors))
    return render_portal(
        request, "portal/account.html", context, nav="account", status=422 if has_errors else 200
    )
