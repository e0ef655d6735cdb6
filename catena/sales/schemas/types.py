"""The value types the sales schemas share: amounts, percentages, quantities, step codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field

Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=3)]
Probability = Annotated[int, Field(ge=0, le=100)]
StepCode = Annotated[str, Field(min_length=1, max_length=40, description="Stage code, e.g. `proposal`.")]
