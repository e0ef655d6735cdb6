"""REST endpoints of the promises made to customers on cases: a case's promises, making one,
the ledger's list, keeping and cancelling. A portal customer reads those on its own cases."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.service import ledger
from catena.service.api.cases import _case
from catena.service.models import Promise
from catena.service.schemas import (
    CustomerPromiseIn,
    CustomerPromiseListParams,
    CustomerPromiseOut,
    CustomerPromisePageOut,
    CustomerPromiseSettleIn,
)
from catena.service.services import promises

promises_router = Router(tags=["promises"])
case_router = Router(tags=["promises"])

PROMISE_RELATED = ("case", "party", "made_by", "resolved_by")


def _promise(request: HttpRequest, promise_id: int) -> Promise:
    promise = ledger.visible_promise(actor_of(request), promise_id)
    if promise is None:
        raise not_found()
    return promise


@case_router.get(
    "/{case_id}/promises",
    response=with_errors({200: CustomerPromisePageOut}, 404),
    summary="The case's promises",
)
def list_case_promises(request: HttpRequest, case_id: RowId) -> dict[str, Any]:
    """The soonest due first; a portal customer reads those made on its own cases."""
    found = list(
        ledger.case_promises(actor_of(request), _case(request, case_id)).select_related(*PROMISE_RELATED)
    )
    return {"count": len(found), "items": found}


@case_router.post(
    "/{case_id}/promises",
    response=with_errors({201: CustomerPromiseOut}, 403, 404),
    summary="Record a promise to the customer",
)
def create_promise(request: HttpRequest, case_id: RowId, payload: CustomerPromiseIn) -> Status[Promise]:
    """`due_at` must be in the future and the case still being worked. The maker gets a to-do due
    then; the customer is not told automatically."""
    made = promises.make_promise(
        _case(request, case_id), actor=actor_of(request), text=payload.text, due_at=payload.due_at
    )
    return Status(201, _promise(request, made.pk))


@promises_router.get("/", response=with_errors({200: CustomerPromisePageOut}), summary="List promises")
def list_promises(request: HttpRequest, params: Query[CustomerPromiseListParams]) -> dict[str, Any]:
    """The ledger's promises, the latest due first."""
    found = ledger.promise_list(
        actor_of(request),
        agent=params.agent,
        party=params.party,
        case=params.case,
        status=params.status or "",
        due_from=params.due_from,
        due_to=params.due_to,
    )
    return page(found.select_related(*PROMISE_RELATED).order_by("-due_at", "-id"), params)


@promises_router.get(
    "/{promise_id}", response=with_errors({200: CustomerPromiseOut}, 404), summary="Get a promise"
)
def get_promise(request: HttpRequest, promise_id: RowId) -> Promise:
    return _promise(request, promise_id)


@promises_router.post(
    "/{promise_id}/keep",
    response=with_errors({200: CustomerPromiseOut}, 403, 404, 409),
    summary="Keep a promise",
)
def keep_promise(request: HttpRequest, promise_id: RowId, payload: CustomerPromiseSettleIn) -> Promise:
    """Only an open promise is kept (`promise.not_open`, 409, once kept, broken or cancelled)."""
    promises.keep(_promise(request, promise_id), actor=actor_of(request), note=payload.note)
    return _promise(request, promise_id)


@promises_router.post(
    "/{promise_id}/cancel",
    response=with_errors({200: CustomerPromiseOut}, 403, 404, 409),
    summary="Cancel a promise",
)
def cancel_promise(request: HttpRequest, promise_id: RowId, payload: CustomerPromiseSettleIn) -> Promise:
    """Withdraws an open promise; `note` (why) is required (`promise.note_required`)."""
    promises.cancel(_promise(request, promise_id), actor=actor_of(request), note=payload.note)
    return _promise(request, promise_id)
