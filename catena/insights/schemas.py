"""Input and output schemas of the analytics API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from catena.core.api_schemas import PageParams
from catena.insights.choices import FlowDimension


class FlowRunOut(Schema):
    id: int
    status: str = Field(..., description="pending, running, done or failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    steps_done: int
    steps_total: int
    engine: str = Field(..., description="The database that computed the percentiles.")
    orders_measured: int
    stages_measured: int
    purchase_orders_measured: int
    shipments_measured: int
    metric_count: int
    message: str


class FlowMetricOut(Schema):
    dimension: str
    key: str = Field(..., description="Stage or department code, party id, order type, ISO week or `all`.")
    label: str
    party_id: int | None = Field(..., description="The supplier or carrier (party id).")
    week_start: date | None
    count: int = Field(..., description="Durations measured.")
    median_hours: float | None
    p90_hours: float | None
    avg_hours: float | None
    on_time_rate: float | None = Field(..., description="0–1; empty when on_time_base is 0.")
    on_time_base: int
    promise_kept_rate: float | None = Field(..., description="Suppliers: kept / settled promises.")
    promises_resolved: int
    pickup_on_time_rate: float | None = Field(..., description="Carriers: picked up by the promised time.")
    pickup_base: int


class FlowMetricPageOut(Schema):
    run: FlowRunOut | None = Field(..., description="The snapshot the rows belong to (the newest finished).")
    count: int
    items: list[FlowMetricOut]


class FlowMetricParams(PageParams):
    dimension: FlowDimension | None = Field(None, description="Only the rows of this dimension.")

    model_config = ConfigDict(use_enum_values=True)


class StuckRowOut(Schema):
    key: str = Field(..., description="Stage or department code.")
    label: str
    department: str = Field(..., description="The owning department's code (stage rows).")
    count: int = Field(..., description="Orders in this stage now.")
    late: int = Field(..., description="Of which past their due time.")
    oldest_since: datetime | None = Field(..., description="When the longest-waiting one entered the stage.")


class StuckBoardOut(Schema):
    at: datetime
    total: int
    late: int
    stages: list[StuckRowOut]
    departments: list[StuckRowOut]
