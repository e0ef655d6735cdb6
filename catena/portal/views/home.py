"""The portal's home (the party's dashboard) and the user's account page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catena.accounts import services as accounts
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
    """The user's details and a password change."""
    portal = portal_of(request)
    form = PasswordChangeForm(portal.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.set_password(portal.user, form.cleaned_data["new_password1"], actor=portal.user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("portal:account")
    return render_portal(
        request,
        "portal/account.html",
        {"form": form},
        nav="account",
        status=422 if form.errors else 200,
    )
