"""REST endpoints of the caller's own account: their preferences (time zone, language, phone).

Mounted at ``/api/v1/me/preferences``; who the caller is (``GET /api/v1/me``) is answered with
their portal party by the parties app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from catena.accounts import services
from catena.accounts.models import User
from catena.accounts.schemas import UserPreferencesOut, UserPreferencesPatch
from catena.core.api_schemas import with_errors
from catena.core.gate import actor_of

router = Router(tags=["me"])


def _preferences(user: User) -> dict[str, Any]:
    return {
        "time_zone": user.time_zone,
        "default_time_zone": settings.TIME_ZONE,
        "language": user.language,
        "phone": user.phone,
    }


@router.get("", response=with_errors({200: UserPreferencesOut}), summary="Get my preferences")
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    """The caller's time zone, language and phone. Each user reads and changes only their own."""
    return _preferences(actor_of(request))


@router.patch("", response=with_errors({200: UserPreferencesOut}, 403), summary="Change my preferences")
def update_preferences(request: HttpRequest, payload: UserPreferencesPatch) -> dict[str, Any]:
    """Change the fields sent; the others stay. Pages follow the new time zone and language from
    the caller's next request on."""
    user = actor_of(request)
    data = payload.model_dump(exclude_unset=True)
    services.update_preferences(user, actor=user, **data)
    return _preferences(user)
