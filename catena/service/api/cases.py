"""REST endpoints of cases: list, read and open them, write replies and notes, move their status,
assign and merge them, and the promises made to the customer on them. A portal customer lists,
reads, opens and answers its own party's cases, reads the promises made on them, and never reads
an internal note nor makes, keeps or cancels a promise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.accounts import roles
from catena.accounts.services import eligible_owner
from catena.catalog.models import Product
from catena.core import gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.parties.models import Contact, Party
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.service import selectors, services
from catena.service.choices import CaseChannel, MessageVisibility
from catena.service.models import Case, CaseMessage
from catena.service.schemas import (
    CaseAssignIn,
    CaseIn,
    CaseListParams,
    CaseMergeIn,
    CaseMessageIn,
    CaseMessageOut,
    CaseMessagePageOut,
    CaseOut,
    CasePageOut,
    CaseStatusIn,
)

router = Router(tags=["cases"])

LINKS: dict[str, type[Model]] = {
    "contact": Contact,
    "order": SalesOrder,
    "order_line": SalesOrderLine,
    "shipment": Shipment,
    "purchase_order": PurchaseOrder,
    "product": Product,
}


def _case(request: HttpRequest, case_id: int) -> Case:
    case = selectors.visible_case(actor_of(request), case_id)
    if case is None:
        raise not_found()
    return case


def _referenced(request: HttpRequest, model: type[Model], pk: int | None, field: str) -> Any:
    """A record named in the input: one the caller cannot see is a 422 on that field."""
    if pk is None:
        return None
    found = gate.find(actor_of(request), model, pk)
    if found is None:
        raise ValidationError({field: ValidationError(_("No such record."), code="unknown_reference")})
    return found


@router.get("/", response=with_errors({200: CasePageOut}), summary="List cases")
def list_cases(request: HttpRequest, params: Query[CaseListParams]) -> dict[str, Any]:
    """The queue: the case whose SLA falls due soonest first, then the most urgent and the oldest."""
    found = selectors.case_list(
        actor_of(request),
        q=params.q,
        status=params.status or "",
        active=params.active,
        case_type=params.case_type or "",
        owner=params.owner,
        mine=params.mine,
        party=params.party,
        sla="breached" if params.breached else "",
    )
    return page(found, params)


@router.post("/", response=with_errors({201: CaseOut}, 403), summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    """Opens the case with an owner (see `owner`; assignment rules in docs/domains/service.md)
    and acknowledges it to the customer in the customer's language."""
    actor = actor_of(request)
    data = payload.model_dump(exclude_unset=True)
    data.setdefault("channel", CaseChannel.API)
    party = _referenced(request, Party, data.pop("party"), "party")
    links = {key: _referenced(request, LINKS[key], data.pop(key), key) for key in list(data) if key in LINKS}
    if "owner" in data:
        data["owner"] = _owner(data["owner"])
    if roles.is_portal(actor):
        data["channel"] = CaseChannel.PORTAL
        data.pop("owner", None)
    case = services.open_case(party, actor=actor, **data, **{k: v for k, v in links.items() if v is not None})
    return Status(201, _case(request, case.pk))


def _owner(pk: int | None) -> Any:
    try:
        return eligible_owner(pk, kind="case")
    except ValidationError as exc:
        raise ValidationError({"owner": exc.error_list}) from exc


@router.get("/{case_id}", response=with_errors({200: CaseOut}, 404), summary="Get a case")
def get_case(request: HttpRequest, case_id: RowId) -> Case:
    return _case(request, case_id)


@router.get(
    "/{case_id}/messages", response=with_errors({200: CaseMessagePageOut}, 404), summary="The case's messages"
)
def list_messages(request: HttpRequest, case_id: RowId) -> dict[str, Any]:
    """Oldest first; a portal user gets the replies only."""
    messages = list(selectors.conversation(actor_of(request), _case(request, case_id)))
    return {"count": len(messages), "items": messages}


@router.post(
    "/{case_id}/messages",
    response=with_errors({201: CaseMessageOut}, 403, 404),
    summary="Write a reply or an internal note",
)
def create_message(request: HttpRequest, case_id: RowId, payload: CaseMessageIn) -> Status[CaseMessage]:
    case = _case(request, case_id)
    write = services.add_note if payload.visibility == MessageVisibility.NOTE else services.add_reply
    return Status(201, write(case, payload.body, actor=actor_of(request)))


@router.post("/{case_id}/status", response=with_errors({200: CaseOut}, 403, 404, 409), summary="Move a case")
def change_status(request: HttpRequest, case_id: RowId, payload: CaseStatusIn) -> Case:
    """Along the transition table; `resolved` needs `root_cause` and `resolution`; `open` from
    `resolved` or `closed` reopens."""
    services.change_status(
        _case(request, case_id),
        payload.status,
        actor=actor_of(request),
        expected_version=payload.version,
        root_cause=payload.root_cause or "",
        resolution=payload.resolution,
    )
    return _case(request, case_id)


@router.post(
    "/{case_id}/assign", response=with_errors({200: CaseOut}, 403, 404, 409), summary="Assign a case"
)
def assign_case(request: HttpRequest, case_id: RowId, payload: CaseAssignIn) -> Case:
    services.assign(
        _case(request, case_id), payload.owner, actor=actor_of(request), expected_version=payload.version
    )
    return _case(request, case_id)


@router.post(
    "/{case_id}/merge", response=with_errors({200: CaseOut}, 403, 404, 409), summary="Merge a duplicate"
)
def merge_case(request: HttpRequest, case_id: RowId, payload: CaseMergeIn) -> Case:
    """Merges this case into `into`; answers the case that carries on."""
    duplicate = _case(request, case_id)
    survivor = _referenced(request, Case, payload.into, "into")
    services.merge(duplicate, survivor, actor=actor_of(request), expected_version=payload.version)
    return _case(request, survivor.pk)
