"""Schemas and helpers shared by every API router: the error body, limit/offset pages, and the
input bases that turn values a database would choke on into 422s naming the field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**63 - 1  # the largest BIGINT: a bigger id would overflow the query, not miss

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def aware(value: datetime | None) -> datetime | None:
    """A time without an offset is read in the server's zone; one outside the calendar is refused."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        value.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise ValueError("date out of range") from exc
    return value


class CleanInput(Schema):
    """Refuses NUL characters, which PostgreSQL cannot store in text. (After validation, so that
    a nested schema reports its own field.)"""

    @field_validator("*")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


class InSchema(CleanInput):
    """A request body: enum values arrive as plain strings, unknown keys are refused."""

    model_config = ConfigDict(use_enum_values=True, extra="forbid")


def _drop_null(schema: dict[str, Any], model: type[Any]) -> None:
    """In the published schema, a patch field that refuses ``null`` is not marked nullable."""
    nullable: frozenset[str] = getattr(model, "NULLABLE", frozenset())
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf")
        if name in nullable or not options:
            continue
        kept = [o for o in options if o.get("type") != "null"]
        if len(kept) == 1:
            prop.pop("anyOf")
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept
        if prop.get("default", "") is None:
            prop.pop("default")


class PatchSchema(CleanInput):
    """A partial update: only the fields sent change (use ``model_dump(exclude_unset=True)``).

    Fields are typed ``X | None = None`` so that they may be left out; sending ``null`` is refused
    except for the fields named in ``NULLABLE`` (where it clears the value).
    """

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    model_config = ConfigDict(use_enum_values=True, extra="forbid", json_schema_extra=_drop_null)

    @field_validator("*")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("may not be null")
        return value


class FieldErrorOut(Schema):
    field: str = Field(..., description="The input at fault, dotted for nested input (`contacts.0.name`).")
    message: str = Field(..., description="In the caller's language.")
    code: str = Field(..., description="Stable error code (see `docs/api.md`).")


class ErrorOut(Schema):
    """Every error answer: a stable code, a message in the caller's language, the fields at fault."""

    code: str = Field(..., description="Stable error code (see `docs/api.md`).")
    detail: str = Field(..., description="In the caller's language.")
    errors: list[FieldErrorOut] = Field(default_factory=list)
    version: int | None = Field(None, description="With `stale_version`: the record's current version.")


class PageParams(CleanInput):
    """``limit`` rows from ``offset`` on; lists answer ``{"count", "items"}``."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1–200).")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Rows to skip.")

    model_config = ConfigDict(use_enum_values=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        """``?status=`` (as an HTML form sends it) means no filter, not an unknown status."""
        field = cls.model_fields.get(info.field_name or "")
        if value == "" and field is not None and field.default is None:
            return None
        return value


def page(queryset: QuerySet[M], params: PageParams) -> dict[str, Any]:
    """One page of ``queryset`` with the total count of the filtered rows."""
    return {
        "count": queryset.count(),
        "items": list(queryset[params.offset : params.offset + params.limit]),
    }


def with_errors(responses: dict[int, Any], *codes: int) -> dict[int, Any]:
    """Add the documented error bodies (401, 422 and the given ``codes``) to a response map."""
    errors = dict.fromkeys((401, 422, *codes), ErrorOut)
    return {**responses, **errors}
