"""Percentiles computed in Python, as PostgreSQL's ``percentile_cont`` computes them: every
dashboard (the flow analytics, the service desk's) gives the same median and 90th percentile
of the same numbers, whichever database or layer computes them."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile_cont(ordered: Sequence[float], fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont`` over values already sorted ascending (None when empty)."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    first = math.floor(position)
    second = math.ceil(position)
    low, high = ordered[first], ordered[second]
    if first == second:
        return low
    return low + (position - first) * (high - low)
