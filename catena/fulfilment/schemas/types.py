"""The value types the fulfilment schemas share, bounded by their database columns: quantities,
prices, percentages and the version a caller read."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field

from catena.fulfilment.inputs import MAX_PRICE, MAX_QUANTITY

Quantity = Annotated[Decimal, Field(gt=0, le=MAX_QUANTITY, decimal_places=3)]
OpenQuantity = Annotated[Decimal, Field(ge=0, le=MAX_QUANTITY, decimal_places=3)]
Price = Annotated[Decimal, Field(ge=0, le=MAX_PRICE, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version you read; 409 if it changed.")]
