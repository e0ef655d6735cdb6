"""Settings: every portal invitation in one list (administrators). An invitation is pending until
its user sets a password on the welcome link, used after; revoking one closes the portal account
(``accounts.services.deactivate_user``). Invitations are made from the party's page
(``invite.party_access``), which this list links to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts import roles
from catena.accounts import services as accounts
from catena.accounts.models import User
from catena.accounts.views import acting_user, settings_nav, settings_page
from catena.core import access, gate
from catena.parties.models import PortalAccess

NAV = "settings_portal:invitation_list"


@settings_page(User)
@require_http_methods(["GET"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    accesses = (
        PortalAccess.objects.for_user(request.user)
        .select_related("user", "party")
        .order_by("-user__is_active", "party__name", "user__username")
    )
    rows = [
        {
            "access": each,
            "is_pending": each.user.is_active and not each.user.has_usable_password(),
        }
        for each in accesses
    ]
    context = {"rows": rows, "settings_nav": settings_nav(request.user, NAV)}
    return render(request, "portal/staff/invitation_list.html", context)


@settings_page(User)
@require_POST
@gate.record(User.objects.filter(role__in=roles.PORTAL_ROLES), action=access.CHANGE)
def invitation_revoke(request: HttpRequest, member: User) -> HttpResponse:
    try:
        accounts.deactivate_user(member, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Portal access of “%(name)s” revoked.") % {"name": member.username})
    return redirect(NAV)
