"""Response headers every page and API answer carries, beside Django's security middleware and
the Content-Security-Policy (django-csp)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
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
