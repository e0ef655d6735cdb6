"""Input and output schemas of the interactions API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from ninja import Field, Schema
from pydantic import ConfigDict

from catena.comms.choices import Channel, Direction, InteractionKind
from catena.core.api_schemas import InSchema, Moment, PageParams, PatchSchema, RowId
from catena.parties.schemas import PartyRefOut, UserRefOut


class ContactRefOut(Schema):
    id: int
    name: str


class InteractionIn(InSchema):
    party: RowId = Field(..., description="Party id.")
    channel: Channel
    direction: Direction = Direction.OUTBOUND
    subject: str = Field(..., min_length=1, max_length=200)
    body: str = ""
    occurred_at: Moment | None = Field(None, description="ISO 8601; defaults to now.")
    contact: RowId | None = Field(None, description="Id of one of the party's contacts.")
    related_type: str | None = Field(None, description="Kind of a related record, `app_label.model`.")
    related_id: str | None = Field(None, max_length=64, description="Id of the related record.")


class InteractionPatch(PatchSchema):
    NULLABLE = frozenset({"contact"})

    channel: Channel | None = None
    direction: Direction | None = None
    subject: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = None
    occurred_at: Moment | None = None
    contact: RowId | None = None


class InteractionOut(Schema):
    id: int
    party: PartyRefOut
    contact: ContactRefOut | None
    kind: str = Field(
        ...,
        description="`exchange`: what people exchanged with the party (counts as contact); "
        "`system`: a record change the services wrote (stage, status, promise, delivery).",
    )
    channel: str
    direction: str
    subject: str
    body: str
    occurred_at: datetime
    author: UserRefOut | None
    related_type: str | None
    related_id: str
    created_at: datetime

    @staticmethod
    def resolve_related_type(obj: Any) -> str | None:
        if not obj.related_type_id:
            return None
        content_type = ContentType.objects.get_for_id(obj.related_type_id)  # cached after the first
        return f"{content_type.app_label}.{content_type.model}"


class InteractionPageOut(Schema):
    count: int
    items: list[InteractionOut]


class InteractionListParams(PageParams):
    party: RowId | None = Field(None, description="Party id.")
    kind: InteractionKind | None = Field(None, description="Only exchanges or only system entries.")
    channel: Channel | None = None
    direction: Direction | None = None
    author: RowId | None = Field(None, description="User id of the author.")
    since: Moment | None = Field(None, description="Occurred at or after (ISO 8601).")
    until: Moment | None = Field(None, description="Occurred before (ISO 8601).")

    model_config = ConfigDict(use_enum_values=True)
