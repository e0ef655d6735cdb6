"""Checks of single input values shared by sales' use cases. Each adds a message to
``errors`` under the field's name and returns the cleaned value (or None when it is wrong)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.core.field_checks import currency, day, money, number, quantity, text
from catena.core.money import MAX_TOTAL
from catena.core.validation import Errors

# The checks every app shares live in core; sales' use cases find them all here.
__all__ = [
    "amount",
    "choice",
    "currency",
    "day",
    "money",
    "number",
    "owner",
    "percent",
    "quantity",
    "text",
    "whole_percent",
]


def choice(errors: Errors, field: str, value: Any, choices: type[models.TextChoices]) -> str | None:
    if value not in choices.values:
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values.") % {"value": value},
            code="invalid_choice",
        )
        return None
    return str(value)


def amount(errors: Errors, field: str, value: Any) -> Decimal | None:
    """An amount of money as a whole (an opportunity's value, a lead's budget)."""
    return number(errors, field, value, high=MAX_TOTAL)


def percent(errors: Errors, field: str, value: Any) -> Decimal | None:
    return number(errors, field, value, high=Decimal(100))


def whole_percent(errors: Errors, field: str, value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        errors.add(field, _("Enter a whole number from 0 to 100."), code="out_of_range")
        return None
    try:
        result = int(str(value).strip())
    except ValueError:
        result = -1
    if not 0 <= result <= 100:
        errors.add(field, _("Enter a whole number from 0 to 100."), code="out_of_range")
        return None
    return result


def owner(errors: Errors, field: str, value: Any, *, kind: str = "pipeline") -> User | None:
    """A member of staff who may own this kind of record (or None to leave it unowned)."""
    try:
        return eligible_owner(value, kind=kind)
    except ValidationError as exc:
        errors.capture(field, exc)
        return None
