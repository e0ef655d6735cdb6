"""Checks of single input values shared by the pipeline's use cases. Each adds a message to
``errors`` under the field's name and returns the cleaned value (or None when it is wrong)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.core import bounds
from catena.core.money import CURRENCIES, MAX_PRICE, MAX_QUANTITY, MAX_TOTAL
from catena.core.validation import Errors

CURRENCY_CODES = frozenset(code for code, _label in CURRENCIES)


def choice(errors: Errors, field: str, value: Any, choices: type[models.TextChoices]) -> str | None:
    if value not in choices.values:
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values.") % {"value": value},
            code="invalid_choice",
        )
        return None
    return str(value)


def currency(errors: Errors, field: str, value: Any) -> str | None:
    if value not in CURRENCY_CODES:
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values.") % {"value": value},
            code="invalid_choice",
        )
        return None
    return str(value)


def number(
    errors: Errors,
    field: str,
    value: Any,
    *,
    low: Decimal = Decimal(0),
    high: Decimal | None = None,
    positive: bool = False,
    places: int = 2,
) -> Decimal | None:
    """A decimal within bounds, with at most ``places`` decimals."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        errors.add(field, _("Enter a number."), code="invalid")
        return None
    if not amount.is_finite():
        errors.add(field, _("Enter a number."), code="invalid")
        return None
    if positive and amount <= 0:
        errors.add(field, _("Must be greater than %(low)s.") % {"low": 0}, code="out_of_range")
        return None
    if amount < low:
        errors.add(field, _("Must be at least %(low)s.") % {"low": low}, code="out_of_range")
        return None
    if high is not None and amount > high:
        errors.add(field, _("Must be at most %(high)s.") % {"high": high}, code="out_of_range")
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        errors.add(field, _("At most %(places)s decimal places.") % {"places": places}, code="invalid")
        return None
    return amount


def money(errors: Errors, field: str, value: Any) -> Decimal | None:
    """A unit price."""
    return number(errors, field, value, high=MAX_PRICE)


def amount(errors: Errors, field: str, value: Any) -> Decimal | None:
    """An amount of money as a whole (an opportunity's value, a lead's budget)."""
    return number(errors, field, value, high=MAX_TOTAL)


def quantity(errors: Errors, field: str, value: Any) -> Decimal | None:
    return number(errors, field, value, positive=True, high=MAX_QUANTITY, places=3)


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


def day(errors: Errors, field: str, value: Any) -> date | None:
    try:
        return bounds.check_date(value if isinstance(value, date) else date.fromisoformat(str(value)))
    except bounds.OutOfBounds as exc:
        errors.add(field, str(exc), code="out_of_range")
        return None
    except ValueError:
        errors.add(field, _("Enter a valid date."), code="invalid")
        return None


def text(errors: Errors, field: str, value: Any, *, max_length: int, required: bool = False) -> str:
    result = str(value or "").strip()
    if required and not result:
        errors.add(field, _("This field is required."), code="required")
    elif len(result) > max_length:
        errors.add(field, _("At most %(count)s characters.") % {"count": max_length}, code="too_long")
    return result


def owner(errors: Errors, field: str, value: Any, *, kind: str = "pipeline") -> User | None:
    """A member of staff who may own this kind of record (or None to leave it unowned)."""
    try:
        return eligible_owner(value, kind=kind)
    except ValidationError as exc:
        errors.capture(field, exc)
        return None
