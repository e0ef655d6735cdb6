"""Schemas of a party's contacts, contact points and addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.core.api_schemas import InSchema, PatchSchema, RowId, RuledOut
from catena.parties.choices import (
    AddressKind,
    ContactPointKind,
)
from catena.parties.models import Address, Contact, ContactPoint


class ContactPointIn(InSchema):
    kind: ContactPointKind
    value: str = Field(..., max_length=200)
    label: str = Field("", max_length=50)
    is_primary: bool = False


class PartyContactPointIn(ContactPointIn):
    contact: RowId | None = Field(
        None, description="Id of one of this party's contacts, if the point is theirs."
    )


class ContactPointPatch(PatchSchema):
    NULLABLE = frozenset({"contact"})

    kind: ContactPointKind | None = None
    value: str | None = Field(None, max_length=200)
    label: str | None = Field(None, max_length=50)
    is_primary: bool | None = None
    contact: RowId | None = None


class ContactPointOut(Schema, RuledOut):
    FIELD_MODEL = ContactPoint

    id: int
    kind: str
    value: str
    label: str
    is_primary: bool
    contact_id: int | None


class ContactIn(InSchema):
    name: str = Field(..., max_length=100)
    title: str = Field("", max_length=100)
    department: str = Field("", max_length=100)
    is_primary: bool = False
    notes: str = ""
    contact_points: list[ContactPointIn] = Field(default_factory=list)


class ContactPatch(PatchSchema):
    name: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=100)
    department: str | None = Field(None, max_length=100)
    is_primary: bool | None = None
    notes: str | None = None


class ContactOut(Schema, RuledOut):
    FIELD_MODEL = Contact

    id: int
    name: str
    title: str
    department: str
    is_primary: bool
    notes: str
    contact_points: list[ContactPointOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_contact_points(obj: Any) -> list[Any]:
        return list(obj.contact_points.all())


class AddressIn(InSchema):
    kind: AddressKind = AddressKind.OFFICE
    province: str = Field(..., description="Official or short name: 广东省 or 广东.")
    city: str = Field(..., max_length=40)
    district: str = Field("", max_length=40)
    street: str = Field("", max_length=200)
    postcode: str = Field("", description="Six digits.")
    is_primary: bool = False


class AddressPatch(PatchSchema):
    kind: AddressKind | None = None
    province: str | None = None
    city: str | None = Field(None, max_length=40)
    district: str | None = Field(None, max_length=40)
    street: str | None = Field(None, max_length=200)
    postcode: str | None = None
    is_primary: bool | None = None


class AddressOut(Schema, RuledOut):
    FIELD_MODEL = Address

    id: int
    kind: str
    province: str
    city: str
    district: str
    street: str
    postcode: str
    is_primary: bool
