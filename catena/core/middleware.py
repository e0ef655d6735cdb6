"""Response headers every page and API answer carries, beside Django's security middleware: the
Content-Security-Policy (django-csp, its header written once), Permissions-Policy and
``Cache-Control`` for what is private."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers

# Browser features Catena never uses: no page (nor anything injected into one) may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)
CACHEABLE_PATHS = ("/healthz", "/readyz")


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on what is private:
    pages for a signed-in user, every API answer and every download (an export, a document), so
    that neither a shared proxy nor the browser's cache keeps a copy after signing out. Static
    files (WhiteNoise answers them before this runs) and the health checks keep their caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._private(request, response):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _private(request: HttpRequest, response: HttpResponse) -> bool:
        if request.path in CACHEABLE_PATHS:
            return False
        user = getattr(request, "user", None)
        return bool(
            (user is not None and user.is_authenticated)
            or request.path.startswith("/api/")
            or response.headers.get("Content-Disposition", "").startswith("attachment")
        )


class StaticCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy written once: django-csp builds the header text
    from the settings on every response, which cost an API read more than its own JSON. A
    response that asks for a policy of its own (the ``csp`` decorators) or a page that used a
    nonce is still built by django-csp."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        own = any(getattr(response, name, None) is not None for name in _OWN_POLICY)
        if own or getattr(request, "_csp_nonce", None) is not None or settings.DEBUG:
            return super().process_response(request, response)
        for header, (policy, excluded), exempt in zip(
            (HEADER, HEADER_REPORT_ONLY), _static_policies(), ("_csp_exempt", "_csp_exempt_ro"), strict=True
        ):
            exempted = getattr(response, exempt, False) or request.path_info.startswith(excluded)
            if policy and header not in response and not exempted:
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def _static_policies() -> tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]:
    """``(header text, excluded path prefixes)`` of the policy and of the report-only policy."""
    found = []
    for name, report_only in (
        ("CONTENT_SECURITY_POLICY", False),
        ("CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        policy = getattr(settings, name, None) or {}
        found.append((build_policy(report_only=report_only), tuple(policy.get("EXCLUDE_URL_PREFIXES") or ())))
    return found[0], found[1]


@receiver(setting_changed)
def _forget_policies(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _static_policies.cache_clear()
