"""Schemas and helpers shared by every API router: the error body, limit/offset pages, and the
input bases that turn values a database would choke on into 422s naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, TypeVar, get_origin

from django.db.models import Model, QuerySet
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from catena.core import access
from catena.core.bounds import MAX_YEAR, MIN_YEAR, check_date, check_datetime

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
    """A time without an offset is read in the server's zone; one outside the calendar, outside
    the years Catena accepts or with an offset PostgreSQL cannot store is refused."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    check_datetime(value)
    try:
        value.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise ValueError("date out of range") from exc
    return value


def _aware_moment(value: datetime) -> datetime:
    result = aware(value)
    assert result is not None
    return result


_BOUNDS = f"Between the years {MIN_YEAR} and {MAX_YEAR}"

Day = Annotated[date, AfterValidator(check_date), Field(description=f"{_BOUNDS}.")]
"""A date every schema takes: refused (422 on the field) outside the years 1900–2200."""

Moment = Annotated[
    datetime,
    AfterValidator(_aware_moment),
    Field(
        description=f"ISO 8601; without an offset, the server's time zone. {_BOUNDS}, offset within ±15:59."
    ),
]
"""A date and time every schema takes: read in the server's zone without an offset; refused
(422 on the field) outside the years 1900–2200 or with an offset beyond ±15:59."""


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


# --- answers the field rules apply to ----------------------------------------------------------------


def _blank(annotation: Any) -> Any:
    """What a field the caller may not read answers: null, or an empty text, list or object."""
    origin = get_origin(annotation) or annotation
    if origin in (list, tuple, set, frozenset):
        return []
    if origin is dict:
        return {}
    if annotation is str:
        return ""
    return None


class RuledOut(BaseModel):
    """An answer about one record of ``FIELD_MODEL``: a field the caller may not read
    (``access.visible_fields``) comes back empty (``null``, ``""``, ``[]``) instead of its value.
    Portal users so get the portal's view of a record, and staff no cost they may not read.

    The caller is the request in the validation context (django-ninja passes it); without one,
    no field is shown."""

    FIELD_MODEL: ClassVar[type[Model]]

    @model_validator(mode="after")
    def _apply_field_rules(self, info: ValidationInfo) -> Any:
        request = (info.context or {}).get("request")
        user = getattr(request, "user", None)
        shown = access.visible_fields(user, self.FIELD_MODEL)
        if shown.everything:
            return self
        for name, field in type(self).model_fields.items():
            if name not in shown:
                object.__setattr__(self, name, _blank(field.annotation))
        return self


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
    existing: list[int] | None = Field(
        None, description="With `party.possible_duplicate`: the ids of the parties with the same details."
    )


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
