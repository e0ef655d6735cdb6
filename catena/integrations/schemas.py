"""Input and output schemas of the webhooks API (subscriptions, deliveries and their attempts,
carriers' keys and the events carriers post)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, Moment, PageParams, PatchSchema, RowId
from catena.fulfilment.choices import TrackingEventKind
from catena.integrations.choices import DeliveryStatus
from catena.parties.schemas import PartyRefOut, UserRefOut

EVENTS_HELP = "Event names: exact (`order.stage_changed`), a family (`order.*`) or `*` for every event."


class WebhookSubscriptionIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    url: str = Field(..., min_length=1, max_length=500, description="An http:// or https:// URL.")
    events: list[str] = Field(..., min_length=1, max_length=50, description=EVENTS_HELP)
    is_active: bool = True


class WebhookSubscriptionPatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=100)
    url: str | None = Field(None, min_length=1, max_length=500)
    events: list[str] | None = Field(None, min_length=1, max_length=50, description=EVENTS_HELP)
    is_active: bool | None = Field(None, description="Enabling a subscription forgets its failures.")


class LastDeliveryOut(Schema):
    status: str
    response_code: int | None
    created_at: datetime


class WebhookSubscriptionOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    is_active: bool
    consecutive_failures: int = Field(..., description="Failed deliveries in a row.")
    disabled_reason: str
    created_by: UserRefOut | None
    created_at: datetime
    updated_at: datetime
    last_delivery: LastDeliveryOut | None

    @staticmethod
    def resolve_events(obj: Any) -> list[str]:
        return list(obj.event_names)

    @staticmethod
    def resolve_last_delivery(obj: Any) -> dict[str, Any] | None:
        status = getattr(obj, "last_status", None)
        if status is None:
            return None
        return {"status": status, "response_code": obj.last_response_code, "created_at": obj.last_delivery_at}


class WebhookSubscriptionSecretOut(WebhookSubscriptionOut):
    secret: str = Field(..., description="The signing secret; shown now and never again.")


class WebhookSubscriptionPageOut(Schema):
    count: int
    items: list[WebhookSubscriptionOut]


class WebhookSubscriptionListParams(PageParams):
    is_active: bool | None = None


class EventRefOut(Schema):
    id: int
    name: str
    occurred_at: datetime
    subject_type: str
    subject_id: str


class WebhookDeliveryOut(Schema):
    id: int
    subscription: int = Field(..., description="Subscription id.")
    event: EventRefOut
    idempotency_key: str = Field(..., description="Sent as `X-Catena-Delivery`; the same on every attempt.")
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    response_code: int | None
    response_excerpt: str
    last_error: str
    duration_ms: int | None
    created_at: datetime

    @staticmethod
    def resolve_subscription(obj: Any) -> int:
        return int(obj.subscription_id)


class WebhookDeliveryPageOut(Schema):
    count: int
    items: list[WebhookDeliveryOut]


class WebhookDeliveryListParams(PageParams):
    status: DeliveryStatus | None = None
    event: str | None = Field(None, max_length=80, description="Event name.")


class WebhookAttemptOut(Schema):
    number: int = Field(
        ..., description="The delivery's attempt number (it keeps counting over redeliveries)."
    )
    started_at: datetime
    duration_ms: int
    response_code: int | None = Field(
        ..., description="null when no answer came (timeout, connection refused…)."
    )
    response_excerpt: str = Field(..., description="The first 2 KB of the answer's body.")
    error: str
    outcome: str = Field(..., description="`delivered`, `will_retry`, `gave_up` or `failed` (no retries).")
    next_attempt_at: datetime | None = Field(..., description="When the next attempt is due (`will_retry`).")
    triggered_by: UserRefOut | None = Field(
        ..., description="Who sent the test event or redelivered; none on automatic attempts."
    )


class WebhookAttemptPageOut(Schema):
    count: int
    items: list[WebhookAttemptOut]


class CarrierKeyIn(InSchema):
    carrier: RowId = Field(..., description="Id of a party with the carrier role.")
    name: str = Field("", max_length=100)


class CarrierKeyOut(Schema):
    id: int
    carrier: PartyRefOut
    name: str
    prefix: str
    is_active: bool
    created_by: UserRefOut | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class CarrierKeySecretOut(CarrierKeyOut):
    secret: str = Field(..., description="The key's secret; shown now and never again.")


class CarrierKeyPageOut(Schema):
    count: int
    items: list[CarrierKeyOut]


class CarrierKeyListParams(PageParams):
    carrier: RowId | None = Field(None, description="Party id.")
    is_active: bool | None = None


class CarrierEventIn(InSchema):
    tracking_number: str | None = Field(None, max_length=60)
    shipment_number: str | None = Field(None, max_length=30, description="Catena's shipment number.")
    kind: TrackingEventKind
    occurred_at: Moment = Field(..., description="ISO 8601; without an offset, the server's time zone.")
    location: str = Field("", max_length=200)
    reason: str = Field("", max_length=300, description="Required for `exception`.")
    external_id: str | None = Field(
        None, max_length=100, description="The carrier's id of this event: posted twice, recorded once."
    )


class CarrierEventOut(Schema):
    id: int
    shipment: str = Field(..., description="Shipment number.")
    kind: str
    occurred_at: datetime
    external_id: str | None
    shipment_status: str
    duplicate: bool = Field(..., description="True when this `external_id` had been recorded before.")
