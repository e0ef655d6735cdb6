"""The dates and times Catena accepts, at every input edge (API schemas, query parameters, forms).

A business date lies in the years 1900–2200: older or later dates are typing mistakes, and the
extremes Python allows (``0001-01-01``, ``9999-12-31``) overflow as soon as a schedule adds a day
to them. A time's UTC offset must lie within ±15:59, what PostgreSQL stores (Python allows up to
±23:59; real zones stay within −12:00 and +14:00). Values outside are refused on the field that
carried them, never passed on to fail later in a computation or in the database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_OFFSET = timedelta(hours=15, minutes=59)

YEAR_MESSAGE = _("Enter a date between the years %(min)s and %(max)s.")
OFFSET_MESSAGE = _("The time zone offset must lie between -15:59 and +15:59.")


class OutOfBounds(ValueError):
    """A date, time or offset outside what Catena accepts (a ``ValueError``, so that a schema
    reports it on its field as a 422)."""


def check_date(value: date) -> date:
    """``value`` if its year lies in ``MIN_YEAR``–``MAX_YEAR``; :class:`OutOfBounds` otherwise."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise OutOfBounds(str(YEAR_MESSAGE % {"min": MIN_YEAR, "max": MAX_YEAR}))
    return value


def check_datetime(value: datetime) -> datetime:
    """``value`` if its year and its UTC offset (if it has one) are within bounds."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise OutOfBounds(str(OFFSET_MESSAGE))
    check_date(value.date())
    return value


def validate_business_date(value: Any) -> None:
    """A Django validator: a date (or date and time) within the bounds above."""
    if value is None:
        return
    try:
        if isinstance(value, datetime):
            check_datetime(value)
        elif isinstance(value, date):
            check_date(value)
    except OutOfBounds as exc:
        raise ValidationError(str(exc), code="out_of_range") from exc


class DateField(forms.DateField):
    """A form's date, refused outside the years 1900–2200."""

    default_validators = [validate_business_date]


class DateTimeField(forms.DateTimeField):
    """A form's date and time, refused outside the years 1900–2200 or beyond ±15:59 from UTC."""

    default_validators = [validate_business_date]
