"""Activate each signed-in user's own time zone (Asia/Shanghai by default) and language."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.translation.trans_real import parse_accept_lang_header

# A browser that asks only for languages we do not have reads English better than Chinese.
FOREIGN_BROWSER_LANGUAGE = "en"


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def chosen_language(request: HttpRequest) -> str:
    """The language of this request: the signed-in user's own choice, then the one switched to on
    this browser (the cookie), then the browser's (any Chinese → zh-hans; only other languages →
    English), then the installation's default (``CATENA_LANGUAGE_CODE``)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and (own := _supported(getattr(user, "language", ""))):
        return own
    if switched := _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        return switched
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    asked = [code for code, _quality in parse_accept_lang_header(header) if code != "*"]
    for code in asked:
        if found := _supported(code):
            return found
    return FOREIGN_BROWSER_LANGUAGE if asked else settings.LANGUAGE_CODE


class UserLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, choosing the language by ``chosen_language``."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class UserTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tz_name = getattr(getattr(request, "user", None), "time_zone", "")
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
