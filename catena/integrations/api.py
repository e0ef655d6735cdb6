"""REST endpoints of webhooks: subscriptions, their delivery log and each delivery's attempts
(administrators only), carriers' inbound keys, and the endpoint where carriers post tracking events.

Routes with a fixed path come before ``/{subscription_id}`` so that they are matched first.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError
from pydantic import ValidationError as PydanticError

from catena.core import access, gate
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.integrations import selectors
from catena.integrations.models import CarrierInboundKey, WebhookDelivery, WebhookSubscription
from catena.integrations.schemas import (
    CarrierEventIn,
    CarrierEventOut,
    CarrierKeyIn,
    CarrierKeyListParams,
    CarrierKeyOut,
    CarrierKeyPageOut,
    CarrierKeySecretOut,
    WebhookAttemptPageOut,
    WebhookDeliveryListParams,
    WebhookDeliveryOut,
    WebhookDeliveryPageOut,
    WebhookSubscriptionIn,
    WebhookSubscriptionListParams,
    WebhookSubscriptionOut,
    WebhookSubscriptionPageOut,
    WebhookSubscriptionPatch,
    WebhookSubscriptionSecretOut,
)
from catena.integrations.services import carrier_inbound, webhooks
from catena.parties.models import Party

router = Router(tags=["webhooks"])


def _admin(request: HttpRequest, action: str = access.VIEW) -> None:
    """Webhooks are for administrators: anyone else gets 403."""
    access.ensure(actor_of(request), action, WebhookSubscription)


def _subscription(request: HttpRequest, subscription_id: int) -> WebhookSubscription:
    _admin(request)
    subscription = selectors.subscription_list(actor_of(request)).filter(pk=subscription_id).first()
    if subscription is None:
        raise not_found()
    return subscription


def _delivery(request: HttpRequest, subscription: WebhookSubscription, delivery_id: int) -> WebhookDelivery:
    delivery = selectors.delivery_list(actor_of(request), subscription).filter(pk=delivery_id).first()
    if delivery is None:
        raise not_found()
    return delivery


def _with_secret(request: HttpRequest, subscription: WebhookSubscription) -> WebhookSubscription:
    """The subscription as the ``…SecretOut`` schemas show it: with its secret."""
    return _subscription(request, subscription.pk)


# --- carriers' keys ---------------------------------------------------------------------------


@router.get("/carrier-keys", response=with_errors({200: CarrierKeyPageOut}, 403), summary="List carrier keys")
def list_carrier_keys(request: HttpRequest, params: Query[CarrierKeyListParams]) -> dict[str, Any]:
    """Keys with which carriers post tracking events, newest first (revoked ones included)."""
    _admin(request)
    keys = selectors.carrier_key_list(
        actor_of(request), carrier_id=params.carrier, is_active=params.is_active
    )
    return page(keys, params)


@router.post(
    "/carrier-keys", response=with_errors({201: CarrierKeySecretOut}, 403), summary="Create a carrier key"
)
def create_carrier_key(request: HttpRequest, payload: CarrierKeyIn) -> Status[CarrierInboundKey]:
    """A new key for a carrier. The answer holds its `secret`, which is not shown again."""
    _admin(request, access.ADD)
    carrier = gate.find(actor_of(request), Party, payload.carrier)
    if carrier is None:
        raise ValidationError({"carrier": [ValidationError(_("No such party."), code="unknown_reference")]})
    key, secret = carrier_inbound.create_carrier_key(carrier, actor=actor_of(request), name=payload.name)
    key = selectors.carrier_key_list(actor_of(request)).get(pk=key.pk)
    key.secret = secret  # type: ignore[attr-defined]  # shown in this answer only
    return Status(201, key)


@router.post(
    "/carrier-keys/{key_id}/revoke",
    response=with_errors({200: CarrierKeyOut}, 403, 404),
    summary="Revoke a carrier key",
)
def revoke_carrier_key(request: HttpRequest, key_id: RowId) -> CarrierInboundKey:
    _admin(request, access.CHANGE)
    key = selectors.carrier_key_list(actor_of(request)).filter(pk=key_id).first()
    if key is None:
        raise not_found()
    return carrier_inbound.revoke_carrier_key(key, actor=actor_of(request))


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline_refs(definitions[ref.rsplit("/", 1)[1]], definitions)
        return {key: _inline_refs(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, definitions) for item in node]
    return node


def _carrier_event_schema() -> dict[str, Any]:
    schema = CarrierEventIn.model_json_schema()
    return dict(_inline_refs(schema, schema.pop("$defs", {})))


def _read_carrier_event(body: bytes) -> CarrierEventIn:
    """The body as a carrier event; malformed JSON is a 422 like any other bad input."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            {"body": [ValidationError(_("The body is not valid JSON."), code="invalid")]}
        ) from exc
    if not isinstance(data, dict):
        raise ValidationError(
            {"body": [ValidationError(_("The body must be a JSON object."), code="invalid")]}
        )
    try:
        return CarrierEventIn.model_validate(data)
    except PydanticError as exc:
        raise SchemaError([dict(e) for e in exc.errors(include_url=False, include_context=False)]) from exc


@router.post(
    "/inbound/carriers/{key_prefix}/events",
    auth=None,
    response=with_errors({200: CarrierEventOut, 201: CarrierEventOut}, 404),
    summary="Post a carrier's tracking event",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _carrier_event_schema()}},
        }
    },
)
def post_carrier_event(request: HttpRequest, key_prefix: str) -> Status[dict[str, Any]]:
    """For carriers, not users: authenticate with the key's secret in `X-Catena-Secret`, or sign
    the body like Catena's own webhooks (`X-Catena-Signature: t=<unix time>,v1=<hex HMAC-SHA256
    of "<t>.<body>" with the secret>`). Only the key's carrier's shipments can be found (404
    otherwise). An `external_id` posted again answers 200 with the first event."""
    key = carrier_inbound.authenticate_carrier(
        key_prefix,
        secret=request.headers.get("X-Catena-Secret"),
        signature=request.headers.get("X-Catena-Signature"),
        body=request.body,
    )
    if key is None:
        raise HttpError(401, _("Unknown or revoked key, or wrong secret or signature."))
    report = _read_carrier_event(request.body)
    try:
        event, created = carrier_inbound.record_carrier_event(
            key, carrier_inbound.CarrierEvent(**report.model_dump())
        )
    except carrier_inbound.ShipmentNotFound as exc:
        raise HttpError(404, _("This carrier has no shipment with that number.")) from exc
    shipment = event.shipment
    shipment.refresh_from_db(fields=["status"])
    body = {
        "id": event.pk,
        "shipment": shipment.number,
        "kind": event.kind,
        "occurred_at": event.occurred_at,
        "external_id": event.external_id,
        "shipment_status": shipment.status,
        "duplicate": not created,
    }
    return Status(201 if created else 200, body)


# --- subscriptions ----------------------------------------------------------------------------


@router.get(
    "/", response=with_errors({200: WebhookSubscriptionPageOut}, 403), summary="List webhook subscriptions"
)
def list_subscriptions(request: HttpRequest, params: Query[WebhookSubscriptionListParams]) -> dict[str, Any]:
    """Subscriptions by name, each with the state of its latest delivery."""
    _admin(request)
    return page(selectors.subscription_list(actor_of(request), is_active=params.is_active), params)


@router.post(
    "/",
    response=with_errors({201: WebhookSubscriptionSecretOut}, 403),
    summary="Create a webhook subscription",
)
def create_subscription(request: HttpRequest, payload: WebhookSubscriptionIn) -> Status[WebhookSubscription]:
    """The answer holds the signing `secret`, which is not shown again (rotate it to get a new one)."""
    _admin(request, access.ADD)
    subscription = webhooks.create_subscription(
        actor=actor_of(request),
        name=payload.name,
        url=payload.url,
        event_names=payload.events,
        is_active=payload.is_active,
    )
    return Status(201, _with_secret(request, subscription))


@router.get(
    "/{subscription_id}",
    response=with_errors({200: WebhookSubscriptionOut}, 403, 404),
    summary="Get a subscription",
)
def get_subscription(request: HttpRequest, subscription_id: RowId) -> WebhookSubscription:
    return _subscription(request, subscription_id)


@router.patch(
    "/{subscription_id}",
    response=with_errors({200: WebhookSubscriptionOut}, 403, 404),
    summary="Change a subscription",
)
def update_subscription(
    request: HttpRequest, subscription_id: RowId, payload: WebhookSubscriptionPatch
) -> WebhookSubscription:
    subscription = _subscription(request, subscription_id)
    changes = payload.model_dump(exclude_unset=True)
    if "events" in changes:
        changes["event_names"] = changes.pop("events")
    webhooks.update_subscription(subscription, actor=actor_of(request), **changes)
    return _subscription(request, subscription_id)


@router.delete(
    "/{subscription_id}", response=with_errors({204: None}, 403, 404), summary="Delete a subscription"
)
def delete_subscription(request: HttpRequest, subscription_id: RowId) -> Status[None]:
    """Deletes the subscription with its delivery log."""
    webhooks.delete_subscription(_subscription(request, subscription_id), actor=actor_of(request))
    return Status(204, None)


@router.post(
    "/{subscription_id}/rotate-secret",
    response=with_errors({200: WebhookSubscriptionSecretOut}, 403, 404),
    summary="Replace a subscription's secret",
)
def rotate_secret(request: HttpRequest, subscription_id: RowId) -> WebhookSubscription:
    """Deliveries from now on are signed with the new `secret` in the answer."""
    subscription = webhooks.rotate_secret(_subscription(request, subscription_id), actor=actor_of(request))
    return _with_secret(request, subscription)


@router.post(
    "/{subscription_id}/test",
    response=with_errors({202: WebhookDeliveryOut}, 403, 404),
    summary="Send a test event",
)
def send_test_event(request: HttpRequest, subscription_id: RowId) -> Status[WebhookDelivery]:
    """Queue a `webhook.test` event for this subscription alone (one attempt, no retries)."""
    subscription = _subscription(request, subscription_id)
    delivery = webhooks.send_test_event(subscription, actor=actor_of(request))
    return Status(202, _delivery(request, subscription, delivery.pk))


@router.get(
    "/{subscription_id}/deliveries",
    response=with_errors({200: WebhookDeliveryPageOut}, 403, 404),
    summary="List a subscription's deliveries",
)
def list_deliveries(
    request: HttpRequest, subscription_id: RowId, params: Query[WebhookDeliveryListParams]
) -> dict[str, Any]:
    """The delivery log, newest first."""
    subscription = _subscription(request, subscription_id)
    deliveries = selectors.delivery_list(
        actor_of(request), subscription, status=params.status, event=params.event
    )
    return page(deliveries, params)


@router.get(
    "/{subscription_id}/deliveries/{delivery_id}",
    response=with_errors({200: WebhookDeliveryOut}, 403, 404),
    summary="Get a delivery",
)
def get_delivery(request: HttpRequest, subscription_id: RowId, delivery_id: RowId) -> WebhookDelivery:
    return _delivery(request, _subscription(request, subscription_id), delivery_id)


@router.get(
    "/{subscription_id}/deliveries/{delivery_id}/attempts",
    response=with_errors({200: WebhookAttemptPageOut}, 403, 404),
    summary="List a delivery's attempts",
)
def list_delivery_attempts(
    request: HttpRequest, subscription_id: RowId, delivery_id: RowId, params: Query[PageParams]
) -> dict[str, Any]:
    """Every attempt still kept (`CATENA_WEBHOOK_ATTEMPT_DAYS`, 30 by default), first attempt first:
    when it started, how long it took, the response code, the start of the body and the error."""
    delivery = _delivery(request, _subscription(request, subscription_id), delivery_id)
    return page(selectors.delivery_attempts(actor_of(request), delivery), params)


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/redeliver",
    response=with_errors({202: WebhookDeliveryOut}, 403, 404),
    summary="Send a delivery again",
)
def redeliver(request: HttpRequest, subscription_id: RowId, delivery_id: RowId) -> Status[WebhookDelivery]:
    """Same event, same idempotency key. A finished delivery gets a new round of attempts; one
    still retrying is tried at once."""
    subscription = _subscription(request, subscription_id)
    delivery = webhooks.redeliver(_delivery(request, subscription, delivery_id), actor=actor_of(request))
    return Status(202, _delivery(request, subscription, delivery.pk))
