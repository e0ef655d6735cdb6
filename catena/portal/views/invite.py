"""Administrators give a party's people access to the portal, from the party page.

The invitation creates the user without a password and shows a one-time link (Django's password
reset token: it stops working once the password is set, and after ``PASSWORD_RESET_TIMEOUT``).
The administrator passes the link on; the user sets a password on the welcome page and signs in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts import roles
from catena.accounts import services as accounts
from catena.accounts.models import User
from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.parties.models import Party
from catena.portal import services
from catena.portal.forms import InviteForm, apply_service_errors
from catena.portal.policies import SECTION_RULES


def welcome_url(request: HttpRequest, user: User) -> str:
    """The absolute one-time link on which ``user`` sets their password."""
    path = reverse(
        "portal:welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def user_admin_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """403 for anybody who may not add users (administrators may), before the party is looked up."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can(request.user, access.ADD, User):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return page


def _suggested_role(party: Party) -> str:
    party_roles = set(party.roles.values_list("role", flat=True))
    for portal_role, opens in SECTION_RULES.values():
        if opens & party_roles:
            return portal_role
    return ""


def _page(
    request: HttpRequest,
    party: Party,
    form: InviteForm | None = None,
    *,
    link: str = "",
    invited: User | None = None,
    status: int = 200,
) -> HttpResponse:
    accesses = party.portal_accesses.for_user(request.user).select_related("user").order_by("user__username")
    return render(
        request,
        "portal/staff/party_access.html",
        {
            "party": party,
            "accesses": accesses,
            "form": form or InviteForm(initial_role=_suggested_role(party)),
            "link": link,
            "invited": invited,
        },
        status=status,
    )


@internal_page
@require_http_methods(["GET", "POST"])
@user_admin_page
@gate.record(Party)
def party_access(request: HttpRequest, party: Party) -> HttpResponse:
    """The party's portal users, and the invitation form (administrators only)."""
    if request.method == "GET":
        return _page(request, party)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, party, form, status=422)
    try:
        user = services.invite_portal_user(party, actor=acting_user(request), **form.cleaned_data)
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _page(request, party, form, status=422)
    messages.success(
        request,
        _("%(username)s is invited. Pass on the link below: it is shown only now.")
        % {"username": user.username},
    )
    return _page(request, party, link=welcome_url(request, user), invited=user)


def _portal_user(request: HttpRequest, party: Party, user_id: int) -> User:
    """The party's portal user ``user_id``; 404 for anybody else."""
    row = party.portal_accesses.for_user(request.user).select_related("user").filter(user_id=user_id).first()
    if row is None:
        raise Http404
    return row.user


@internal_page
@require_POST
@user_admin_page
@gate.record(Party)
def party_access_link(request: HttpRequest, party: Party, user_id: int) -> HttpResponse:
    """A fresh one-time link for a portal user who lost theirs or let it expire."""
    user = _portal_user(request, party, user_id)
    if not user.is_active:
        messages.error(request, _("This user's access is revoked."))
        return redirect("portal:party_access", pk=party.pk)
    messages.success(
        request, _("New link for %(username)s: it is shown only now.") % {"username": user.username}
    )
    return _page(request, party, link=welcome_url(request, user), invited=user)


@internal_page
@require_POST
@user_admin_page
@gate.record(Party)
def party_access_revoke(request: HttpRequest, party: Party, user_id: int) -> HttpResponse:
    """Deactivate a portal user of the party (its API tokens stop working too)."""
    user = _portal_user(request, party, user_id)
    try:
        services.revoke_portal_user(user, actor=acting_user(request))
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Portal access of %(username)s revoked.") % {"username": user.username})
    return redirect("portal:party_access", pk=party.pk)


class WelcomeView(auth_views.PasswordResetConfirmView):
    """The invited user sets a password on the link from the invitation, then signs in."""

    template_name = "portal/welcome.html"
    reset_url_token = "set-password"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        if user is None or not roles.is_portal(user) or not user.is_active:
            return None  # the link is for portal users only
        return user

    def form_valid(self, form: Any) -> HttpResponse:
        # Django's view would save the form itself; the accounts service sets the password.
        accounts.set_password(form.user, form.cleaned_data["new_password1"], actor=None)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password is set. Sign in to open the portal."))
        return redirect(self.get_success_url())
