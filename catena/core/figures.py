"""Amounts, quantities and percentages as every screen shows them.

One place decides how a figure reads, so the board, quotes, orders, purchase orders, the portal
and the dashboards agree: thousands grouped with a comma in every language (12,674,000.00),
money with two decimals, quantities and rates without trailing zeros, and never in scientific
notation (``Decimal("8E+1")`` reads 80, not 8E+1).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import numberformat
from django.utils.translation import gettext as _

EMPTY = "—"
QUANTITY_PLACES = 3
RATE_PLACES = 2

Number = Decimal | int | float | str | None


def _decimal(value: Number) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _grouped(number: Decimal, places: int | None) -> str:
    return numberformat.format(
        number, ".", decimal_pos=places, grouping=3, thousand_sep=",", force_grouping=True
    )


def _trimmed(number: Decimal, places: int) -> Decimal:
    """Rounded to ``places`` decimals, trailing zeros dropped, always in plain notation."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def format_money(value: Number, places: int = 2) -> str:
    """``12674000`` → "12,674,000.00"; "—" for no amount."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return _grouped(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places)


def format_quantity(value: Number, places: int = QUANTITY_PLACES) -> str:
    """``Decimal("8E+1")`` → "80", ``1500.500`` → "1,500.5", ``0.5`` → "0.5"; "—" for none."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return _grouped(_trimmed(number, places), None)


def format_percent(value: Number, places: int = RATE_PLACES) -> str:
    """A rate already in per cent: ``Decimal("1E+1")`` → "10 %" (zh-Hans "10%")."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return _("%(value)s %%") % {"value": _grouped(_trimmed(number, places), None)}


def plain_decimal(value: Decimal, places: int = QUANTITY_PLACES) -> str:
    """A decimal for a form input: no grouping, no trailing zeros, no exponent ("80", "0.5")."""
    return f"{_trimmed(value, places):f}"
