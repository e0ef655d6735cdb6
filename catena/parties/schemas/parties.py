"""Schemas of parties (list, detail, input, changes), their chain, their history, tags and the
caller's own account."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from catena.core.api_schemas import InSchema, Moment, PageParams, PatchSchema, RowId, RuledOut
from catena.parties.choices import (
    PartyKind,
    PartyRoleType,
    PartyStatus,
    PartyTier,
)
from catena.parties.models import Party
from catena.parties.regions import normalise_province
from catena.parties.schemas.contacts import (
    AddressIn,
    AddressOut,
    ContactIn,
    ContactOut,
    ContactPointIn,
    ContactPointOut,
)
from catena.parties.schemas.refs import UserRefOut

PartySort = Literal["name", "-name", "updated", "-updated", "created", "-created"]


class PartyIn(InSchema):
    name: str = Field(..., max_length=200)
    kind: PartyKind = PartyKind.ORGANISATION
    short_name: str = Field("", max_length=60)
    uscc: str | None = Field(
        None, description="Unified Social Credit Code, 18 characters with a check character."
    )
    status: PartyStatus = PartyStatus.ACTIVE
    tier: PartyTier = PartyTier.STANDARD
    industry: str = Field("", max_length=80)
    owner: RowId | None = Field(None, description="User id of the account manager; defaults to the caller.")
    notes: str = ""
    external_id: str | None = Field(None, max_length=64)
    custom_fields: dict[str, Any] = Field(default_factory=dict)
    roles: list[PartyRoleType] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, description="Tag names; unknown names are created.")
    contacts: list[ContactIn] = Field(default_factory=list)
    addresses: list[AddressIn] = Field(default_factory=list)
    contact_points: list[ContactPointIn] = Field(default_factory=list)


class PartyPatch(PatchSchema):
    NULLABLE = frozenset({"uscc", "owner", "external_id"})

    name: str | None = Field(None, max_length=200)
    kind: PartyKind | None = None
    short_name: str | None = Field(None, max_length=60)
    uscc: str | None = None
    status: PartyStatus | None = None
    tier: PartyTier | None = None
    industry: str | None = Field(None, max_length=80)
    owner: RowId | None = None
    notes: str | None = None
    external_id: str | None = Field(None, max_length=64)
    custom_fields: dict[str, Any] | None = None
    roles: list[PartyRoleType] | None = Field(None, description="Replaces the roles when given.")
    tags: list[str] | None = Field(None, description="Replaces the tags when given.")


class PartySummaryOut(RuledOut):
    """A row of the party list (a portal user's own party: the portal's view of it)."""

    FIELD_MODEL = Party

    # Plain pydantic, read by attribute: ninja's per-field getters cost more than the query for a
    # page of 50 (docs/adr/0006-party-list-speed.md). Roles come from the role mask, tags from
    # ``Party.tag_names`` (read for a whole page by ``selectors.party_summaries``).
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    short_name: str
    kind: str
    uscc: str | None
    status: str
    tier: str
    industry: str
    province: str
    city: str
    owner: UserRefOut | None
    roles: list[str] = Field(..., validation_alias="role_list")
    tags: list[str] = Field(..., validation_alias="tag_names")
    created_at: datetime
    updated_at: datetime


class PartyOut(Schema, PartySummaryOut):
    """A party with everything hanging off it."""

    notes: str
    external_id: str | None
    custom_fields: dict[str, Any]
    contacts: list[ContactOut]
    addresses: list[AddressOut]
    contact_points: list[ContactPointOut] = Field(
        ..., description="The party's own points (not a contact's)."
    )

    @staticmethod
    def resolve_contacts(obj: Any) -> list[Any]:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_addresses(obj: Any) -> list[Any]:
        return list(obj.addresses.all())

    @staticmethod
    def resolve_contact_points(obj: Any) -> list[Any]:
        return [p for p in obj.contact_points.all() if p.contact_id is None]


class PartyListParams(PageParams):
    q: str = Field(
        "", max_length=100, description="Substring of name, codes, contact names, phones, e-mails."
    )
    role: PartyRoleType | None = None
    tag: str = Field("", description="Tag name.")
    owner: RowId | None = Field(None, description="User id of the account manager.")
    province: str = Field("", description="Official or short name.")
    city: str = ""
    status: PartyStatus | None = None
    tier: PartyTier | None = None
    kind: PartyKind | None = None
    updated_since: Moment | None = Field(None, description="ISO 8601; without an offset, Asia/Shanghai.")
    sort: PartySort = "name"

    model_config = ConfigDict(use_enum_values=True)

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str) -> str:
        if not value:
            return value
        province = normalise_province(value)
        if province is None:
            raise ValueError("not a province of China")
        return province


class PartyPageOut(Schema):
    count: int = Field(
        ...,
        description="Parties matching the filters: exact up to 10,000; beyond, an estimate "
        "(`count_is_estimate`).",
    )
    count_is_estimate: bool = Field(
        False,
        description="True when more than 10,000 parties match and `count` is the database's "
        "estimate (at least 10,001): page on until a page has fewer than `limit` items.",
    )
    items: list[PartySummaryOut]


class ChainNodeOut(Schema):
    id: int
    name: str
    level: int = Field(
        ..., description="Links away: negative upstream, positive downstream, 0 the party itself."
    )
    roles: list[str]


class ChainEdgeOut(Schema):
    source: int
    target: int
    kind: str


class ChainOut(Schema):
    nodes: list[ChainNodeOut]
    edges: list[ChainEdgeOut]


class FieldChangeOut(Schema):
    field: str
    old: str | None
    new: str | None


class HistoryEntryOut(Schema):
    at: datetime
    user: str | None = Field(..., description="Username of who made the change, if known.")
    object_type: Literal["party", "contact", "address", "contact_point"]
    object_id: int
    object_label: str
    action: Literal["created", "changed", "deleted"]
    changes: list[FieldChangeOut]


class HistoryPageOut(Schema):
    count: int
    items: list[HistoryEntryOut]


class TagOut(Schema):
    id: int
    name: str
    color: str


class TagPageOut(Schema):
    count: int
    items: list[TagOut]


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    department: str | None
    portal_party_id: int | None
