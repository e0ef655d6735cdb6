"""References to a user or a party, as other records' outputs name them (every app uses them)."""

from __future__ import annotations

from ninja import Schema
from pydantic import BaseModel, ConfigDict


class UserRefOut(BaseModel):
    # Plain pydantic, read by attribute with no ninja resolvers: fast in long lists.
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str


class PartyRefOut(Schema):
    id: int
    name: str
