"""REST endpoints of partner tasks: staff list, read, open (on a case), close and withdraw them
and read the suggestions; a partner's portal user lists, reads and answers the tasks addressed
to its own party. Another party's task is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.catalog.models import Product
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.parties.models import Party
from catena.service import selectors
from catena.service.api.cases import _case, _referenced
from catena.service.models import PartnerTask
from catena.service.schemas import (
    PartnerAnswerIn,
    PartnerCloseIn,
    PartnerTaskIn,
    PartnerTaskListParams,
    PartnerTaskOut,
    PartnerTaskPageOut,
    PartnerWithdrawIn,
    SuggestionOut,
)
from catena.service.services import partners

router = Router(tags=["partner tasks"])
case_router = Router(tags=["partner tasks"])


def _task(request: HttpRequest, task_id: int) -> PartnerTask:
    task = selectors.visible_partner_task(actor_of(request), task_id)
    if task is None:
        raise not_found()
    return task


@router.get("/", response=with_errors({200: PartnerTaskPageOut}), summary="List partner tasks")
def list_tasks(request: HttpRequest, params: Query[PartnerTaskListParams]) -> dict[str, Any]:
    """Active tasks by default (`status=all` for every one), the soonest due first. A partner's
    portal user gets the tasks addressed to its party."""
    found = selectors.partner_tasks(
        actor_of(request), status=params.status or "", overdue=params.overdue, partner=params.partner
    )
    return page(found, params)


@router.get("/{task_id}", response=with_errors({200: PartnerTaskOut}, 404), summary="Get a partner task")
def get_task(request: HttpRequest, task_id: RowId) -> PartnerTask:
    return _task(request, task_id)


@router.post(
    "/{task_id}/answer", response=with_errors({200: PartnerTaskOut}, 403, 404, 409), summary="Answer a task"
)
def answer_task(request: HttpRequest, task_id: RowId, payload: PartnerAnswerIn) -> PartnerTask:
    """The partner accepts or disputes responsibility and says why; a second answer adds to the
    first. Staff may enter an answer the partner gave by phone or letter."""
    partners.answer_partner_task(
        _task(request, task_id),
        actor=actor_of(request),
        stance=payload.stance,
        answer=payload.answer,
        expected_version=payload.version,
    )
    return _task(request, task_id)


@router.post(
    "/{task_id}/close", response=with_errors({200: PartnerTaskOut}, 403, 404, 409), summary="Close a task"
)
def close_task(request: HttpRequest, task_id: RowId, payload: PartnerCloseIn) -> PartnerTask:
    """Records whether the partner was responsible (staff only)."""
    partners.close_partner_task(
        _task(request, task_id),
        actor=actor_of(request),
        outcome=payload.outcome,
        note=payload.note,
        expected_version=payload.version,
    )
    return _task(request, task_id)


@router.post(
    "/{task_id}/withdraw",
    response=with_errors({200: PartnerTaskOut}, 403, 404, 409),
    summary="Withdraw a task",
)
def withdraw_task(request: HttpRequest, task_id: RowId, payload: PartnerWithdrawIn) -> PartnerTask:
    partners.withdraw_partner_task(
        _task(request, task_id), actor=actor_of(request), note=payload.note, expected_version=payload.version
    )
    return _task(request, task_id)


@case_router.get(
    "/{case_id}/partner-suggestions",
    response=with_errors({200: list[SuggestionOut]}, 404),
    summary="Partners who may be responsible",
)
def suggestions(request: HttpRequest, case_id: RowId) -> list[dict[str, Any]]:
    """From the case's shipment, purchase order, order and product."""
    return [
        {
            "partner": found.partner,
            "partner_role": found.role,
            "reason": found.reason,
            "shipment": found.shipment.pk if found.shipment else None,
            "purchase_order": found.purchase_order.pk if found.purchase_order else None,
            "product": found.product.pk if found.product else None,
        }
        for found in partners.suggest_partners(_case(request, case_id))
    ]


@case_router.post(
    "/{case_id}/partner-tasks",
    response=with_errors({201: PartnerTaskOut}, 403, 404, 409),
    summary="Ask a partner to answer for a case",
)
def open_task(request: HttpRequest, case_id: RowId, payload: PartnerTaskIn) -> Status[PartnerTask]:
    case = _case(request, case_id)
    task = partners.open_partner_task(
        case,
        _referenced(request, Party, payload.partner, "partner"),
        actor=actor_of(request),
        partner_role=payload.partner_role,
        request=payload.request,
        shipment=_referenced(request, Shipment, payload.shipment, "shipment"),
        purchase_order=_referenced(request, PurchaseOrder, payload.purchase_order, "purchase_order"),
        product=_referenced(request, Product, payload.product, "product"),
    )
    return Status(201, _task(request, task.pk))
