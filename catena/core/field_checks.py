"""Checks of single input values that several apps' use cases share. Each adds a message to an
error collector (:class:`Errors`, or any object with its ``add``) under the field's name and
returns the cleaned value (or None when it is wrong)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.utils.translation import gettext as _

from catena.core import bounds
from catena.core.money import CURRENCIES, MAX_PRICE, MAX_QUANTITY

CURRENCY_CODES = frozenset(code for code, _label in CURRENCIES)


class FieldErrors(Protocol):
    def add(self, field: str, message: str, code: str = "invalid") -> None: ...


def currency(errors: FieldErrors, field: str, value: Any) -> str | None:
    if value not in CURRENCY_CODES:
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values.") % {"value": value},
            code="invalid_choice",
        )
        return None
    return str(value)


def number(
    errors: FieldErrors,
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


def money(errors: FieldErrors, field: str, value: Any) -> Decimal | None:
    """A unit price."""
    return number(errors, field, value, high=MAX_PRICE)


def quantity(errors: FieldErrors, field: str, value: Any) -> Decimal | None:
    return number(errors, field, value, positive=True, high=MAX_QUANTITY, places=3)


def day(errors: FieldErrors, field: str, value: Any) -> date | None:
    try:
        return bounds.check_date(value if isinstance(value, date) else date.fromisoformat(str(value)))
    except bounds.OutOfBounds as exc:
        errors.add(field, str(exc), code="out_of_range")
        return None
    except ValueError:
        errors.add(field, _("Enter a valid date."), code="invalid")
        return None


def text(errors: FieldErrors, field: str, value: Any, *, max_length: int, required: bool = False) -> str:
    result = str(value or "").strip()
    if required and not result:
        errors.add(field, _("This field is required."), code="required")
    elif len(result) > max_length:
        errors.add(field, _("At most %(count)s characters.") % {"count": max_length}, code="too_long")
    return result
