"""Schemas and helpers shared by every API router: the error body and limit/offset pages."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class FieldErrorOut(Schema):
    field: str = Field(..., description="The input at fault, dotted for nested input (`contacts.0.name`).")
    message: str
    code: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = Field(default_factory=list)


class PageParams(Schema):
    """``limit`` rows from ``offset`` on; lists answer ``{"count", "items"}``."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1–200).")
    offset: int = Field(0, ge=0, description="Rows to skip.")


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
