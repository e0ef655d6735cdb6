"""Bounds on typed numbers that the database columns impose, shared by the order form and the API.

A quantity or price beyond its column would fail inside the database (a 500); these bounds make
it a 422 naming the field. The order total must also fit its column.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from catena.core.money import MAX_PRICE, MAX_QUANTITY, MAX_TOTAL

__all__ = ["MAX_LINES", "MAX_PRICE", "MAX_QUANTITY", "MAX_TOTAL", "total_fits"]

MAX_LINES = 500


def total_fits(lines: Iterable[tuple[Decimal, Decimal | None]]) -> bool:
    """Whether quantity × price summed over ``lines`` fits a money column (unknown prices count 0)."""
    total = sum((quantity * (price or Decimal(0)) for quantity, price in lines), Decimal(0))
    return total <= MAX_TOTAL
