"""REST endpoints of assignment rules (administrators and managers write them; staff read them)
and of an agent's duty."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.accounts import roles
from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.service.models import AssignmentRule
from catena.service.schemas.assignment import (
    AgentDutyOut,
    AssignmentRuleIn,
    AssignmentRuleListParams,
    AssignmentRuleOut,
    AssignmentRulePageOut,
)
from catena.service.services import assignment, assignment_setup

router = Router(tags=["assignment"])
agents_router = Router(tags=["assignment"])


def _staff_only(request: HttpRequest) -> None:
    """Assignment does not exist for portal users: every endpoint is a 404 to them."""
    if not roles.is_internal(actor_of(request)):
        raise not_found()


def _rules(request: HttpRequest) -> Any:
    return AssignmentRule.objects.for_user(actor_of(request)).select_related("team", "user")


def _rule(request: HttpRequest, rule_id: int) -> AssignmentRule:
    _staff_only(request)
    return gate.api_record(request, _rules(request), rule_id)


@router.get("/", response=with_errors({200: AssignmentRulePageOut}, 404), summary="List assignment rules")
def list_rules(request: HttpRequest, params: Query[AssignmentRuleListParams]) -> dict[str, Any]:
    """Every rule in the order they are tried (the lowest priority number first)."""
    _staff_only(request)
    return page(_rules(request).order_by("priority", "id"), params)


@router.post(
    "/", response=with_errors({201: AssignmentRuleOut}, 403, 404), summary="Create an assignment rule"
)
def create_rule(request: HttpRequest, payload: AssignmentRuleIn) -> Status[AssignmentRule]:
    """Administrators and managers; a priority already used is 422 `assignment.priority_taken`,
    neither or both of `team` and `user` 422 `assignment.no_target`."""
    _staff_only(request)
    rule = assignment_setup.save_rule(None, actor=actor_of(request), **payload.dict())
    return Status(201, _rule(request, rule.pk))


@router.get(
    "/{rule_id}", response=with_errors({200: AssignmentRuleOut}, 404), summary="Get an assignment rule"
)
def get_rule(request: HttpRequest, rule_id: RowId) -> AssignmentRule:
    return _rule(request, rule_id)


@router.put(
    "/{rule_id}",
    response=with_errors({200: AssignmentRuleOut}, 403, 404),
    summary="Update an assignment rule",
)
def update_rule(request: HttpRequest, rule_id: RowId, payload: AssignmentRuleIn) -> AssignmentRule:
    """Replace the rule's fields; cases already assigned keep their owners."""
    assignment_setup.save_rule(_rule(request, rule_id), actor=actor_of(request), **payload.dict())
    return _rule(request, rule_id)


@router.delete("/{rule_id}", response=with_errors({204: None}, 403, 404), summary="Delete an assignment rule")
def delete_rule(request: HttpRequest, rule_id: RowId) -> Status[None]:
    assignment_setup.delete_rule(_rule(request, rule_id), actor=actor_of(request))
    return Status(204, None)


@agents_router.get(
    "/{user_id}/duty", response=with_errors({200: AgentDutyOut}, 404), summary="An agent's duty"
)
def agent_duty(request: HttpRequest, user_id: RowId) -> dict[str, Any]:
    """Whether the agent is on duty now, their skills, capacity, weekly shifts and coming absences."""
    _staff_only(request)
    if not access.can(actor_of(request), access.VIEW, AssignmentRule):
        raise not_found()
    user = assignment.find_staff(user_id)
    if user is None:
        raise not_found()
    return assignment.agent_duty(user)
