"""Sign-in, sign-out, password change and the "My account" page with the user's preferences and
API tokens."""

from __future__ import annotations

import math
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as switch_language

from catena.accounts import roles, services
from catena.accounts.forms import (
    APITokenForm,
    LoginForm,
    PreferencesForm,
    StyledPasswordChangeForm,
    add_service_errors,
)
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


def _profile(
    request: HttpRequest,
    *,
    form: APITokenForm | None = None,
    new_token: str = "",
    preferences_form: PreferencesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = acting_user(request)
    tokens = user.api_tokens.for_user(request.user).order_by("-created_at")
    context = {
        "tokens": tokens,
        "token_form": form or APITokenForm(),
        "new_token": new_token,
        "preferences_form": preferences_form or PreferencesForm.of(user),
        "default_time_zone": settings.TIME_ZONE,
        "is_staff_user": roles.is_internal(user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's details and API tokens."""
    return _profile(request)


@login_required
@require_POST
def preferences_edit(request: HttpRequest) -> HttpResponse:
    """Save the signed-in user's own time zone, language and phone ("My preferences")."""
    user = acting_user(request)
    form = PreferencesForm.of(user, request.POST)
    if form.is_valid():
        try:
            save_preferences(request, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return preferences_saved(request, redirect(reverse("accounts:profile") + "#preferences"))
    return _profile(request, preferences_form=form, status=422)


def save_preferences(request: HttpRequest, form: PreferencesForm) -> User:
    """Save a valid preferences form for the signed-in user (the portal's account page uses it too)."""
    user = acting_user(request)
    data = form.cleaned_data
    return services.update_preferences(
        user, actor=user, time_zone=data["time_zone"], language=data["language"], phone=data["phone"]
    )


def preferences_saved(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Say so in the language the next page will be in, and make this browser's language cookie
    agree with the choice (no choice: forget the one switched to, so the browser's applies)."""
    language = acting_user(request).language
    with translation.override(language or translation.get_language()):
        messages.success(request, _("Your preferences are saved."))
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


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
