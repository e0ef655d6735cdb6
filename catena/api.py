"""The REST API v1: one NinjaAPI under /api/v1/, one router per app, Bearer tokens or the session.

This module sits above every app (like ``urls.py``): it wires authentication from ``accounts``,
the error format, and the routers of the apps listed in ``ROUTERS``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import APIKeyCookie, HttpBearer

from catena.accounts.services import authenticate_token
from catena.core import errors
from catena.core.access import PermissionDenied
from catena.core.api_schemas import ErrorOut
from catena.core.renderers import ORJSONRenderer
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


def error_body(code: errors.ErrorCode, detail: Any = None, **extra: Any) -> dict[str, Any]:
    """The error format: a stable ``code``, a ``detail`` in the caller's language, field ``errors``."""
    return {"code": code.code, "detail": str(detail if detail is not None else code.message), **extra}


def _schema_error(error: dict[str, Any]) -> dict[str, str]:
    code = errors.stable_code(error.get("type"))
    # Pydantic words its messages in English only: other languages get the code's own message.
    english = (get_language() or "en").startswith("en")
    message = error.get("msg", "") if english else str(errors.lookup(code) or errors.INVALID).strip()
    return {"field": _field_name(list(error.get("loc", []))), "message": message, "code": code}


def _rule_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    return [
        {
            "field": field,
            "message": str(error.message % error.params if error.params else error.message),
            "code": errors.stable_code(error.code),
        }
        for field, field_errors in by_field.items()
        for error in field_errors
    ]


# Every status an operation may answer besides its own, and when (see ``declare_error_responses``).
ERROR_STATUSES: dict[int, str] = {
    400: "The body is not well-formed JSON (`parse_error`).",
    401: "No valid token or session (`unauthenticated`).",
    403: "The caller may not do this, or the session's CSRF token is missing (`permission_denied`).",
    404: "No such record, or not one the caller may see (`not_found`).",
    409: (
        "The record changed since it was read (`stale_version`, or the record's own, like "
        "`order.stale_version`), concurrently (`conflict`), or a rule refuses it (the code says which)."
    ),
    422: "Invalid input: `errors` names each field at fault with its code.",
}
UNSAFE_METHODS = frozenset({"post", "put", "patch", "delete"})


def error_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses any operation of this shape can answer, whatever its module declared."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses: set[int] = set()
    if operation.get("security"):
        statuses.add(401)
    if method in UNSAFE_METHODS:
        # Services check permissions on writes, the session cookie needs CSRF, writes may race.
        statuses |= {403, 409, 422}
    if has_body:
        statuses.add(400)
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if parameters or has_body:
        statuses.add(422)
    return statuses


def declare_error_responses(schema: dict[str, Any]) -> None:
    """Make every operation document every error status it can answer, with the error schema,
    and list the stable error codes on the error schema itself."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}").items():
        if name == "$defs":
            components.update(definition)
    components["ErrorOut"] = {
        k: v
        for k, v in ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}").items()
        if k != "$defs"
    }
    codes = sorted(errors.declared())
    components["ErrorOut"]["properties"]["code"]["enum"] = codes
    components["FieldErrorOut"]["properties"]["code"]["enum"] = codes
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(method, operation)):
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": ERROR_STATUSES[status], "content": reference}


class CatenaOpenAPISchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        # Two schema classes of one name would silently overwrite each other's definition.
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ValueError(f"two different API schemas are both named {name!r}: rename one")
        super().add_schema_definitions(definitions)


# Operation ids are published (generated clients name their methods after them) and derive from
# the module an endpoint lives in. A module that moved (one grown into a package of topic modules,
# a suffix module that became the app's api.py) keeps the ids it was published with.
PUBLISHED_OPERATION_MODULES = {
    "catena.fulfilment.api.orders": "catena.fulfilment.api",
    "catena.integrations.api": "catena.integrations.api_webhooks",
    "catena.sales.api.pipeline": "catena.sales.api",
}


class CatenaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        module = operation.view_func.__module__
        module = PUBLISHED_OPERATION_MODULES.get(module, module)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = CatenaOpenAPISchema(self, path_prefix)
        declare_error_responses(schema)
        return schema


def build_api() -> NinjaAPI:
    api = CatenaAPI(
        title="Catena API",
        version="1.0.0",
        description=(
            "REST API of Catena, the supply-chain CRM. Authenticate with "
            "`Authorization: Bearer <token>` (create one with `catena token create USERNAME`). "
            "Every error answers `{code, detail, errors}`: `code` is stable (listed on `ErrorOut`), "
            "`detail` is in the caller's language (`Accept-Language`)."
        ),
        auth=[BearerToken(), SessionAuth()],
        renderer=ORJSONRenderer(),
        urls_namespace="api-1",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        found = [_schema_error(e) for e in exc.errors]
        return respond(request, 422, error_body(errors.INVALID, INVALID_INPUT, errors=found))

    @api.exception_handler(DjangoValidationError)
    def on_rule_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, 422, error_body(errors.INVALID, INVALID_INPUT, errors=_rule_errors(exc)))

    @api.exception_handler(IntegrityError)
    def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Two requests racing to insert the same unique value: the loser gets a clear 409.
        return respond(request, 409, error_body(errors.CONFLICT, errors=[]))

    @api.exception_handler(StaleVersion)
    def on_stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
        # Someone acted on the record after the caller read it: reload and decide again.
        code = errors.stale_version_code(exc.obj)
        field_error = {
            "field": "version",
            "message": str(CURRENT_VERSION % {"version": exc.actual}),
            "code": code.code,
        }
        body = error_body(code, errors=[field_error], version=exc.actual)
        return respond(request, 409, body)

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        code = errors.lookup(exc.code) or errors.PERMISSION_DENIED
        detail = code.message if code is not errors.PERMISSION_DENIED else None
        return respond(request, 403, error_body(code, detail, errors=[]))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, error_body(errors.UNAUTHENTICATED, errors=[]))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body(errors.NOT_FOUND, errors=[]))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = errors.lookup(getattr(exc, "code", None)) or BY_STATUS.get(exc.status_code, errors.INVALID)
        # Ninja's own 400 ("Cannot parse request body") is worded in English: use the code's message.
        detail = code.message if exc.status_code == 400 and code is errors.PARSE_ERROR else exc.message
        return respond(request, exc.status_code, error_body(code, detail, errors=[]))

    mount_routers(api)
    return api


INVALID_INPUT = _("Invalid input.")
CURRENT_VERSION = _("The current version is %(version)s.")
BY_STATUS = {
    400: errors.PARSE_ERROR,
    401: errors.UNAUTHENTICATED,
    403: errors.PERMISSION_DENIED,
    404: errors.NOT_FOUND,
    409: errors.CONFLICT,
}


ROUTERS = [
    ("/parties/", "catena.parties.api", "router"),
    ("/relationships/", "catena.parties.api_relationships", "router"),
    ("/tags/", "catena.parties.api", "tags_router"),
    ("/me", "catena.parties.api", "me_router"),
    ("/me/preferences", "catena.accounts.api", "router"),
    ("/search", "catena.workspace.api.search", "router"),
    ("/products/", "catena.catalog.api", "router"),
    ("/interactions/", "catena.comms.api", "router"),
    ("/leads/", "catena.sales.api.pipeline", "leads_router"),
    ("/opportunities/", "catena.sales.api.pipeline", "opportunities_router"),
    ("/pipeline-stages/", "catena.sales.api.pipeline", "steps_router"),
    ("/quotes/", "catena.sales.api.quotes", "router"),
    ("/quotes/", "catena.fulfilment.api.orders", "quotes_router"),  # accepting a quote places an order
    ("/price-lists/", "catena.sales.api.pricing", "price_lists_router"),
    ("/customer-terms/", "catena.sales.api.pricing", "terms_router"),
    ("/analytics/", "catena.insights.api", "router"),
    ("/orders/", "catena.fulfilment.api.orders", "router"),
    ("/purchase-orders/", "catena.fulfilment.api.purchasing", "router"),
    ("/work-orders/", "catena.fulfilment.api.purchasing", "work_router"),
    ("/shipments/", "catena.fulfilment.api.shipping", "router"),
    ("/cases/", "catena.service.api.cases", "router"),
    ("/cases/", "catena.service.api.partner_tasks", "case_router"),
    ("/cases/", "catena.service.api.promises", "case_router"),
    ("/partner-tasks/", "catena.service.api.partner_tasks", "router"),
    ("/promises/", "catena.service.api.promises", "promises_router"),
    ("/articles/", "catena.service.knowledge.api", "router"),
    ("/surveys/", "catena.service.api.surveys", "router"),
    ("/returns/", "catena.service.api.returns", "returns_router"),
    ("/refunds/", "catena.service.api.returns", "refunds_router"),
    ("/assignment-rules/", "catena.service.api.assignment", "router"),
    ("/agents/", "catena.service.api.assignment", "agents_router"),
    ("/flow-templates/", "catena.fulfilment.api.templates", "router"),
    ("/webhooks/", "catena.integrations.api", "router"),
    ("/activities/", "catena.workspace.api.activities", "router"),
    ("/activity-plans/", "catena.workspace.api.plans", "router"),
    ("/notifications/", "catena.workspace.api.notifications", "router"),
    ("/follows/", "catena.workspace.api.follows", "router"),
    ("/attachments/", "catena.workspace.api.files", "router"),
    ("/comments/", "catena.workspace.api.comments", "router"),
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


def url_tree(api: NinjaAPI) -> tuple[list[URLPattern | URLResolver], str, str]:
    """``api.urls`` nested by each path's first segment, for ``include``.

    Ninja lists one flat pattern per operation (136 of them), and Django tries them in order:
    resolving ``orders/<id>`` meant matching some ninety patterns before it. Nested by first
    segment (``orders/`` then the order's own patterns), a request matches about twenty at most.
    Order within a segment, names and views are kept, so ``reverse`` and the method dispatch of
    each path are unchanged.
    """
    patterns, app_name, namespace = api.urls
    flat: list[URLPattern | URLResolver] = []
    groups: dict[str, list[URLPattern]] = {}
    for pattern in patterns:
        route = str(pattern.pattern)
        head, slash, rest = route.partition("/")
        if not isinstance(pattern, URLPattern) or not slash or "<" in head:
            flat.append(pattern)
            continue
        if head not in groups:
            groups[head] = []
            flat.append(path(f"{head}/", include(groups[head])))
        groups[head].append(path(rest, pattern.callback, kwargs=pattern.default_args, name=pattern.name))
    return flat, app_name, namespace
