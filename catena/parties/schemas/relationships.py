"""Schemas of relationships between parties and the contracts behind them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import Day, InSchema, PageParams, PatchSchema, RowId, RuledOut
from catena.parties.choices import (
    RelationshipKind,
)
from catena.parties.models import Relationship
from catena.parties.schemas.refs import PartyRefOut

Percent = Decimal


class ContractIn(InSchema):
    number: str = Field("", max_length=50)
    terms: str = ""
    starts_on: Day | None = None
    ends_on: Day | None = None
    payment_terms_days: int | None = Field(None, ge=0, le=3650)
    on_time_target_pct: Percent | None = Field(None, ge=0, le=100, decimal_places=2)
    lead_time_days: int | None = Field(None, ge=0, le=3650)
    response_hours: int | None = Field(None, ge=0, le=87600)
    pickup_hours: int | None = Field(None, ge=0, le=87600)
    transit_days: int | None = Field(None, ge=0, le=3650)
    max_damage_rate_pct: Percent | None = Field(None, ge=0, le=100, decimal_places=2)
    proof_of_delivery_required: bool = False


class ContractOut(Schema):
    number: str
    terms: str
    starts_on: date | None
    ends_on: date | None
    payment_terms_days: int | None
    on_time_target_pct: Decimal | None
    lead_time_days: int | None
    response_hours: int | None
    pickup_hours: int | None
    transit_days: int | None
    max_damage_rate_pct: Decimal | None
    proof_of_delivery_required: bool


class RelationshipIn(InSchema):
    from_party: RowId = Field(..., description="Id of the upstream party (the one that serves).")
    to_party: RowId = Field(..., description="Id of the downstream party (the one served).")
    kind: RelationshipKind
    since: Day | None = None
    until: Day | None = None
    notes: str = ""
    contract: ContractIn | None = None


class RelationshipPatch(PatchSchema):
    NULLABLE = frozenset({"since", "until"})

    kind: RelationshipKind | None = None
    since: Day | None = None
    until: Day | None = None
    notes: str | None = None
    contract: ContractIn | None = Field(None, description="Fields given here change; the others stay.")


class RelationshipOut(Schema, RuledOut):
    FIELD_MODEL = Relationship

    id: int
    from_party: PartyRefOut
    to_party: PartyRefOut
    kind: str
    since: date | None
    until: date | None
    notes: str
    contract: ContractOut | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_contract(obj: Any) -> Any:
        return getattr(obj, "contract", None)


class RelationshipListParams(PageParams):
    party: RowId | None = Field(None, description="Either side of the relationship.")
    from_party: RowId | None = None
    to_party: RowId | None = None
    kind: RelationshipKind | None = None

    model_config = ConfigDict(use_enum_values=True)


class RelationshipPageOut(Schema):
    count: int
    items: list[RelationshipOut]
