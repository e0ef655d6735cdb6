"""REST endpoints of the analytics engine: the latest flow figures, the live board of where
orders wait, and asking for a fresh computation. Internal users only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of
from catena.insights import services
from catena.insights.models import FlowMetricRun
from catena.insights.schemas import (
    FlowMetricPageOut,
    FlowMetricParams,
    FlowRunOut,
    StuckBoardOut,
)
from catena.insights.selectors import flow as flow_selectors

router = Router(tags=["analytics"])


def _ensure_reader(request: HttpRequest) -> None:
    access.ensure(actor_of(request), access.VIEW, FlowMetricRun)


@router.get("flow", response=with_errors({200: FlowMetricPageOut}, 403), summary="Flow figures")
def flow_metrics(request: HttpRequest, params: Query[FlowMetricParams]) -> dict[str, Any]:
    """Rows of the newest finished snapshot: cycle times (median, 90th percentile, mean, in
    hours) and on-time rates per stage, department, supplier, carrier, order type and week."""
    _ensure_reader(request)
    run = flow_selectors.latest_run()
    rows = flow_selectors.flow_metrics(run, params.dimension).order_by("dimension", "key")
    return {"run": run, **page(rows, params)}


@router.post(
    "flow/recompute",
    response=with_errors({202: FlowRunOut}, 403),
    summary="Compute the flow figures again",
)
def recompute(request: HttpRequest) -> Status[FlowMetricRun]:
    """Start a new computation in the background (managers and administrators); while one is
    waiting or computing, that one is returned. Poll `flow/runs/{id}` for its progress."""
    return Status(202, services.request_recompute(actor=actor_of(request)))


@router.get("flow/runs/{run_id}", response=with_errors({200: FlowRunOut}, 403, 404), summary="A computation")
def flow_run(request: HttpRequest, run_id: RowId) -> FlowMetricRun:
    _ensure_reader(request)
    return gate.api_record(request, FlowMetricRun, run_id)


@router.get("stuck", response=with_errors({200: StuckBoardOut}, 403), summary="Where orders are now")
def stuck(request: HttpRequest) -> dict[str, Any]:
    """Live: orders in each stage and department now, how many are late, the longest waiting."""
    _ensure_reader(request)
    board = flow_selectors.stuck_board()
    return {
        "at": board.at,
        "total": board.total,
        "late": board.late,
        "stages": board.stages,
        "departments": board.departments,
    }
