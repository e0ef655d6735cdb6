"""Input and output schemas of the accounts API: the caller's own preferences."""

from __future__ import annotations

from ninja import Field, Schema

from catena.core.api_schemas import PatchSchema


class UserPreferencesOut(Schema):
    time_zone: str = Field(..., description="IANA name (`Asia/Shanghai`); empty: the installation's default.")
    default_time_zone: str = Field(..., description="The installation's default time zone.")
    language: str = Field(
        ..., description="`zh-hans` or `en`; empty: the browser's, else the installation's."
    )
    phone: str


class UserPreferencesPatch(PatchSchema):
    time_zone: str | None = Field(
        None,
        max_length=64,
        description="An IANA name such as `America/New_York`, or empty for the installation's default. "
        "An unknown name is refused with `user.time_zone_unknown`.",
    )
    language: str | None = Field(
        None,
        max_length=10,
        description="`zh-hans`, `en`, or empty for the default. Another is refused with "
        "`user.language_unknown`.",
    )
    phone: str | None = Field(None, max_length=32)
