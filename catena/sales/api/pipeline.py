"""REST endpoints of the pipeline before the quote: leads, opportunities (with the move between
steps and the weighted pipeline) and the pipeline's steps.

The published contract keeps the older word: the steps live under ``/pipeline-stages/`` with
their operation ids, and an opportunity's step is its ``stage`` field.

Thin: look records up through the access policy (outside the caller's scope is a 404), call one
service or selector, render. Rights to change are checked by the services (403); a stale
``version`` is a 409 (mapped in ``catena.api``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.core import gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of
from catena.parties.models import Party
from catena.sales.models import Lead, Opportunity, PipelineStep
from catena.sales.schemas import (
    LeadConvertIn,
    LeadConvertOut,
    LeadIn,
    LeadListParams,
    LeadOut,
    LeadPageOut,
    LeadPatch,
    LeadQualifyIn,
    OpportunityIn,
    OpportunityListParams,
    OpportunityMoveIn,
    OpportunityOut,
    OpportunityPageOut,
    OpportunityPatch,
    PipelineOut,
    PipelineParams,
    PipelineStepIn,
    PipelineStepOut,
    PipelineStepPageOut,
    PipelineStepPatch,
    ReasonIn,
)
from catena.sales.selectors import pipeline as selectors
from catena.sales.services import leads as lead_services
from catena.sales.services import opportunities as opportunity_services
from catena.sales.services import steps as step_services

leads_router = Router(tags=["leads"])
opportunities_router = Router(tags=["opportunities"])
steps_router = Router(tags=["pipeline stages"])


def referenced(request: HttpRequest, model: type[Model], pk: int | None, field: str) -> Any:
    """A record named in the input: one the caller cannot see is a 422 on that field."""
    if pk is None:
        return None
    obj = gate.find(actor_of(request), model, pk)
    if obj is None:
        raise ValidationError({field: ValidationError(_("No such record."), code="unknown_reference")})
    return obj


def user_ref(pk: int | None, field: str = "owner", *, kind: str = "pipeline") -> User | None:
    """The owner an API client named, by the one rule for owner references."""
    try:
        return eligible_owner(pk, kind=kind)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc


# --- leads -----------------------------------------------------------------------------------------


def _lead(request: HttpRequest, lead_id: int) -> Lead:
    return gate.api_record(request, Lead.objects.select_related("owner", "party"), lead_id)


@leads_router.get("/", response=with_errors({200: LeadPageOut}), summary="List leads")
def list_leads(request: HttpRequest, params: Query[LeadListParams]) -> dict[str, Any]:
    leads = selectors.lead_list(
        actor_of(request),
        q=params.q.strip(),
        status=params.status or "",
        source=params.source or "",
        owner=params.owner,
    )
    return page(leads, params)


@leads_router.post("/", response=with_errors({201: LeadOut}, 403), summary="Create a lead")
def create_lead(request: HttpRequest, payload: LeadIn) -> Status[Lead]:
    """Phone numbers are stored as E.164, e-mails normalised; the caller owns the lead by default."""
    data = payload.model_dump(exclude_unset=True)
    if data.get("currency") is None:
        data.pop("currency", None)
    if "owner" in data:
        data["owner"] = user_ref(data["owner"])
    lead = lead_services.create_lead(actor=actor_of(request), **data)
    return Status(201, _lead(request, lead.pk))


@leads_router.get("/{lead_id}", response=with_errors({200: LeadOut}, 404), summary="Get a lead")
def get_lead(request: HttpRequest, lead_id: RowId) -> Lead:
    return _lead(request, lead_id)


@leads_router.patch("/{lead_id}", response=with_errors({200: LeadOut}, 403, 404), summary="Change a lead")
def update_lead(request: HttpRequest, lead_id: RowId, payload: LeadPatch) -> Lead:
    lead = _lead(request, lead_id)
    data = payload.model_dump(exclude_unset=True)
    if "owner" in data:
        data["owner"] = user_ref(data["owner"])
    lead_services.update_lead(lead, actor=actor_of(request), **data)
    return _lead(request, lead_id)


@leads_router.post(
    "/{lead_id}/qualify", response=with_errors({200: LeadOut}, 403, 404), summary="Qualify a lead (BANT)"
)
def qualify_lead(request: HttpRequest, lead_id: RowId, payload: LeadQualifyIn) -> Lead:
    """Record what is known of budget, authority, need and timing; the lead becomes qualified."""
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    notes = data.pop("notes", None)
    lead_services.qualify_lead(_lead(request, lead_id), actor=actor_of(request), notes=notes, **data)
    return _lead(request, lead_id)


@leads_router.post(
    "/{lead_id}/disqualify", response=with_errors({200: LeadOut}, 403, 404), summary="Disqualify a lead"
)
def disqualify_lead(request: HttpRequest, lead_id: RowId, payload: ReasonIn) -> Lead:
    lead_services.disqualify_lead(_lead(request, lead_id), actor=actor_of(request), reason=payload.reason)
    return _lead(request, lead_id)


@leads_router.post(
    "/{lead_id}/convert",
    response=with_errors({201: LeadConvertOut}, 403, 404),
    summary="Convert a lead into a prospect and an opportunity",
)
def convert_lead(request: HttpRequest, lead_id: RowId, payload: LeadConvertIn) -> Status[dict[str, Any]]:
    lead = _lead(request, lead_id)
    with _step_errors_as_stage():
        party, deal = lead_services.convert_lead(
            lead,
            actor=actor_of(request),
            party=referenced(request, Party, payload.party, "party"),
            opportunity_name=payload.opportunity_name,
            amount=payload.amount,
            expected_close=payload.expected_close,
            step=_step_by_code(request, payload.stage) if payload.stage else None,
        )
    return Status(
        201, {"lead": _lead(request, lead_id), "party": party, "opportunity": _deal(request, deal.pk)}
    )


# --- opportunities and the weighted pipeline --------------------------------------------------------


def _deal(request: HttpRequest, opportunity_id: int) -> Opportunity:
    return gate.api_record(
        request, Opportunity.objects.select_related("party", "step", "owner"), opportunity_id
    )


def _step_by_code(request: HttpRequest, code: str) -> PipelineStep:
    """The active step with this code; the input names it in its ``stage`` field."""
    steps = PipelineStep.objects.filter(is_active=True).for_user(actor_of(request))
    step = steps.filter(code=code).first()
    if step is None:
        raise ValidationError(
            {"stage": ValidationError(_("No such pipeline stage."), code="unknown_reference")}
        )
    return step


@contextmanager
def _step_errors_as_stage() -> Iterator[None]:
    """A refusal about the opportunity's step names the field the input calls it by, ``stage``."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "step" in exc.error_dict:
            exc.error_dict["stage"] = exc.error_dict.pop("step")
        raise


@opportunities_router.get(
    "/pipeline", response=with_errors({200: PipelineOut}), summary="Weighted pipeline per month and owner"
)
def pipeline_summary(request: HttpRequest, params: Query[PipelineParams]) -> dict[str, Any]:
    """Open deals the caller may see: count, amount and amount × probability, per month of
    expected close and per owner, each per currency."""
    return selectors.weighted_pipeline(actor_of(request), owner=params.owner)


@opportunities_router.get("/", response=with_errors({200: OpportunityPageOut}), summary="List opportunities")
def list_opportunities(request: HttpRequest, params: Query[OpportunityListParams]) -> dict[str, Any]:
    found = selectors.opportunity_list(
        actor_of(request),
        q=params.q.strip(),
        step=params.stage or "",
        owner=params.owner,
        party=params.party,
        is_open=params.is_open,
        close_from=params.close_from,
        close_until=params.close_until,
    )
    return page(found, params)


@opportunities_router.post(
    "/", response=with_errors({201: OpportunityOut}, 403), summary="Create an opportunity"
)
def create_opportunity(request: HttpRequest, payload: OpportunityIn) -> Status[Opportunity]:
    data = payload.model_dump(exclude_unset=True)
    party = referenced(request, Party, data.pop("party"), "party")
    if "owner" in data:
        data["owner"] = user_ref(data["owner"])
    stage = data.pop("stage", None)
    if stage:
        data["step"] = _step_by_code(request, stage)
    with _step_errors_as_stage():
        deal = opportunity_services.create_opportunity(party, actor=actor_of(request), **data)
    return Status(201, _deal(request, deal.pk))


@opportunities_router.get(
    "/{opportunity_id}", response=with_errors({200: OpportunityOut}, 404), summary="Get an opportunity"
)
def get_opportunity(request: HttpRequest, opportunity_id: RowId) -> Opportunity:
    return _deal(request, opportunity_id)


@opportunities_router.patch(
    "/{opportunity_id}",
    response=with_errors({200: OpportunityOut}, 403, 404, 409),
    summary="Change an opportunity",
)
def update_opportunity(request: HttpRequest, opportunity_id: RowId, payload: OpportunityPatch) -> Opportunity:
    """Change the fields sent. With `version`, a deal changed since you read it is a 409."""
    deal = _deal(request, opportunity_id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    if "owner" in data:
        data["owner"] = user_ref(data["owner"])
    opportunity_services.update_opportunity(deal, actor=actor_of(request), expected_version=version, **data)
    return _deal(request, opportunity_id)


@opportunities_router.post(
    "/{opportunity_id}/move",
    response=with_errors({200: OpportunityOut}, 403, 404, 409),
    summary="Move an opportunity to another stage",
)
def move_opportunity(request: HttpRequest, opportunity_id: RowId, payload: OpportunityMoveIn) -> Opportunity:
    """The probability becomes the stage's unless given; a lost stage needs `lost_reason`.
    With `version`, a deal moved by somebody else since you read it is a 409."""
    deal = _deal(request, opportunity_id)
    opportunity_services.move_opportunity(
        deal,
        to=_step_by_code(request, payload.stage),
        actor=actor_of(request),
        expected_version=payload.version,
        lost_reason=payload.lost_reason,
        probability=payload.probability,
    )
    return _deal(request, opportunity_id)


# --- steps -------------------------------------------------------------------------------------------
# The operation ids and the path parameter are published; they keep the word "stage".


@steps_router.get(
    "/",
    response=with_errors({200: PipelineStepPageOut}),
    summary="List pipeline stages",
    operation_id="catena_sales_api_list_stages",
)
def list_steps(request: HttpRequest) -> dict[str, Any]:
    steps = list(PipelineStep.objects.for_user(actor_of(request)))
    return {"count": len(steps), "items": steps}


@steps_router.post(
    "/",
    response=with_errors({201: PipelineStepOut}, 403),
    summary="Add a pipeline stage",
    operation_id="catena_sales_api_create_stage",
)
def create_step(request: HttpRequest, payload: PipelineStepIn) -> Status[PipelineStep]:
    """Administrators and managers only."""
    data = payload.model_dump(exclude_unset=True)
    if not data.get("code"):
        data.pop("code", None)
    return Status(201, step_services.create_step(actor=actor_of(request), **data))


@steps_router.patch(
    "/{stage_id}",
    response=with_errors({200: PipelineStepOut}, 403, 404),
    summary="Change a pipeline stage",
    operation_id="catena_sales_api_update_stage",
)
def update_step(request: HttpRequest, stage_id: RowId, payload: PipelineStepPatch) -> PipelineStep:
    step = gate.api_record(request, PipelineStep, stage_id)
    return step_services.update_step(step, actor=actor_of(request), **payload.model_dump(exclude_unset=True))


@steps_router.delete(
    "/{stage_id}",
    response=with_errors({204: None}, 403, 404),
    summary="Delete an unused pipeline stage",
    operation_id="catena_sales_api_delete_stage",
)
def delete_step(request: HttpRequest, stage_id: RowId) -> Status[None]:
    """A stage opportunities used is refused (422): retire it with `is_active: false`."""
    step_services.delete_step(gate.api_record(request, PipelineStep, stage_id), actor=actor_of(request))
    return Status(204, None)
