"""The REST API v1: one NinjaAPI under /api/v1/, one router per app, Bearer tokens or the session.

This module sits above every app (like ``urls.py``): it wires authentication from ``accounts``,
the error format, and the routers of the apps listed in ``ROUTERS``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from catena.accounts.services import authenticate_token
from catena.core.access import PermissionDenied
from catena.core.versions import StaleVersion


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: the token acts as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie; CSRF is checked because cookies are sent automatically."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def _field_name(loc: list[Any]) -> str:
    # Drop only the leading location and parameter name: a field may itself be called "body".
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        parts.pop(0)
        if parts and parts[0] in ("payload", "data", "filters"):
            parts.pop(0)
    return ".".join(parts) or "__all__"


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Catena API",
        version="1.0.0",
        description=(
            "REST API of Catena, the supply-chain CRM. Authenticate with "
            "`Authorization: Bearer <token>` (create one with `catena token create USERNAME`)."
        ),
        auth=[BearerToken(), SessionAuth()],
        urls_namespace="api-1",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {
                "field": _field_name(list(e.get("loc", []))),
                "message": e.get("msg", ""),
                "code": e.get("type", "invalid"),
            }
            for e in exc.errors
        ]
        return api.create_response(request, {"detail": "invalid input", "errors": errors}, status=422)

    @api.exception_handler(DjangoValidationError)
    def on_rule_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field, "message": str(message), "code": "invalid"}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": "__all__", "message": str(m), "code": "invalid"} for m in exc.messages]
        return api.create_response(request, {"detail": "invalid input", "errors": errors}, status=422)

    @api.exception_handler(IntegrityError)
    def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Two requests racing to insert the same unique value: the loser gets a clear 409.
        return api.create_response(
            request, {"detail": "conflict: the record was changed or created concurrently; retry"}, status=409
        )

    @api.exception_handler(StaleVersion)
    def on_stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
        # Someone acted on the record after the caller read it: reload and decide again.
        return api.create_response(
            request,
            {
                "detail": "conflict: the record changed since you read it; reload and retry",
                "errors": [
                    {"field": "version", "message": f"current version is {exc.actual}", "code": "stale"}
                ],
                "version": exc.actual,
            },
            status=409,
        )

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": "permission denied"}, status=403)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": "authentication required"}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc.message)}, status=exc.status_code)

    mount_routers(api)
    return api


ROUTERS = [
    ("/parties/", "catena.parties.api", "router"),
    ("/relationships/", "catena.parties.api_relationships", "router"),
    ("/tags/", "catena.parties.api", "tags_router"),
    ("/me", "catena.parties.api", "me_router"),
    ("/products/", "catena.catalog.api", "router"),
    ("/interactions/", "catena.comms.api", "router"),
    ("/leads/", "catena.sales.api", "leads_router"),
    ("/opportunities/", "catena.sales.api", "opportunities_router"),
    ("/pipeline-stages/", "catena.sales.api", "stages_router"),
    ("/quotes/", "catena.sales.api_quotes", "router"),
    ("/quotes/", "catena.fulfilment.api", "quotes_router"),  # accepting a quote places an order
    ("/price-lists/", "catena.sales.api_pricing", "price_lists_router"),
    ("/customer-terms/", "catena.sales.api_pricing", "terms_router"),
    ("/analytics/", "catena.insights.api", "router"),
    ("/orders/", "catena.fulfilment.api", "router"),
    ("/purchase-orders/", "catena.fulfilment.api_purchasing", "router"),
    ("/work-orders/", "catena.fulfilment.api_purchasing", "work_router"),
    ("/shipments/", "catena.fulfilment.api_shipping", "router"),
    ("/flow-templates/", "catena.fulfilment.api_templates", "router"),
    ("/webhooks/", "catena.integrations.api_webhooks", "router"),
]


def mount_routers(api: NinjaAPI) -> None:
    for prefix, module_path, attribute in ROUTERS:
        try:
            module = import_module(module_path)
        except ModuleNotFoundError as exc:
            if exc.name == module_path:
                continue
            raise
        api.add_router(prefix, getattr(module, attribute))


api = build_api()
