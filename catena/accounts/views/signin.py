"""Sign-in, sign-out, password change and the "My account" page with the user's API tokens."""

from __future__ import annotations

import math
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as switch_language

from catena.accounts import roles, services
from catena.accounts.forms import APITokenForm, LoginForm, StyledPasswordChangeForm
from catena.accounts.models import User
from catena.accounts.views import acting_user
from catena.core import access

# --- sign-in and password ---------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        """Portal users land on the portal: an internal page (``next``) would only refuse them."""
        url = super().get_success_url()
        if roles.is_portal(self.request.user):
            portal_home = reverse("portal:home")
            return url if url.startswith(portal_home) else portal_home
        return url


def signin_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a sign-in refused for too many failed attempts (django-axes calls it), on the
    staff and the admin sign-in pages alike: 429 with the time to wait."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


# --- my account -------------------------------------------------------------------------------


def _profile(request: HttpRequest, *, form: APITokenForm | None = None, new_token: str = "") -> HttpResponse:
    tokens = acting_user(request).api_tokens.for_user(request.user).order_by("-created_at")
    return render(
        request,
        "accounts/profile.html",
        {"tokens": tokens, "token_form": form or APITokenForm(), "new_token": new_token},
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's details and API tokens."""
    return _profile(request)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token and show its raw value this once (it is never stored, so never shown again)."""
    form = APITokenForm(request.POST)
    if not form.is_valid():
        return _profile(request, form=form)
    _token, raw = services.create_api_token(acting_user(request), name=form.cleaned_data["name"])
    messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return _profile(request, new_token=raw)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's token is a 404 (administrators too:
    this page is about one's own account)."""
    token = get_object_or_404(acting_user(request).api_tokens.for_user(request.user, access.DELETE), pk=pk)
    services.revoke_api_token(token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name or token.prefix})
    return redirect("accounts:profile")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language (Django's view sets the cookie) and, for a signed-in user, remember
    the choice so that every later sign-in, on any browser, opens in it."""
    response = switch_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}:
        services.set_language(cast(User, request.user), language, actor=cast(User, request.user))
    return response
