"""The domain events of insights (declared here, emitted by ``insights.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, declare


@declare(
    "flow_metrics.computed",
    subject="insights.flowmetricrun",
    example={"run": 31, "seconds": 6.582, "figures": 342, "orders": 250000, "stages": 2075256},
)
class FlowMetricsComputed(EventPayload):
    """A computation of the flow metrics (cycle times, on-time rates, …) finished."""

    run: int
    """The computation run."""
    seconds: float
    """How long it took."""
    figures: int
    """How many figures it stored."""
    orders: int
    """How many orders it measured."""
    stages: int
    """How many order stages it measured."""
