"""The activity plans API: reading and defining plans, applying one to a record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties.models import Party
from catena.workspace.models import Activity, ActivityPlan

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/activity-plans/"
ONBOARDING = {
    "name": "新经销商上线",
    "applies_to": ["parties.party"],
    "steps": [
        {"kind": "call", "subject": "欢迎电话", "offset_days": 0, "time_of_day": "10:00"},
        {"kind": "email", "subject": "发送价格表", "offset_days": 1, "assignee_rule": "applier"},
        {"kind": "visit", "subject": "上门拜访", "offset_days": 7},
    ],
}


def errors_of(response: Any) -> dict[str, str]:
    return {e["field"]: e["code"] for e in response.json()["errors"]}


@pytest.fixture
def plan_id(api_client: Clients, manager: User) -> int:
    created = api_client(manager).post(URL, ONBOARDING)
    assert created.status_code == 201, created.json()
    return int(created.json()["id"])


def test_a_manager_defines_a_plan_and_staff_read_it(
    api_client: Clients, plan_id: int, sales: User, manager: User
) -> None:
    api = api_client(sales)
    listed = api.get(URL).json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "新经销商上线"
    plan = api.get(f"{URL}{plan_id}").json()
    assert plan["applies_to"] == ["parties.party"] and plan["is_active"] is True
    assert [(s["position"], s["subject"], s["offset_days"]) for s in plan["steps"]] == [
        (1, "欢迎电话", 0),
        (2, "发送价格表", 1),
        (3, "上门拜访", 7),
    ]
    assert (
        plan["steps"][0]["time_of_day"] == "10:00:00" and plan["steps"][0]["assignee_rule"] == "record_owner"
    )

    changed = api_client(manager).put(
        f"{URL}{plan_id}", {**ONBOARDING, "is_active": False, "steps": ONBOARDING["steps"][:1]}
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["is_active"] is False and len(changed.json()["steps"]) == 1


def test_sales_staff_cannot_define_or_change_plans(api_client: Clients, plan_id: int, sales: User) -> None:
    api = api_client(sales)
    assert api.post(URL, ONBOARDING).status_code == 403
    refused = api.put(f"{URL}{plan_id}", {**ONBOARDING, "name": "改名"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert ActivityPlan.objects.get().name == "新经销商上线"


def test_portal_users_see_no_plans_and_apply_none(
    api_client: Clients, plan_id: int, portal: User, party: Party
) -> None:
    api = api_client(portal)
    assert api.get(URL).json()["count"] == 0
    assert api.get(f"{URL}{plan_id}").status_code == 404
    applied = api.post(f"{URL}{plan_id}/apply", {"target_type": "parties.party", "target_id": party.pk})
    assert applied.status_code == 404  # its own party, still: plans are for staff
    assert not Activity.objects.exists()


def test_apply_returns_the_activities_scheduled(
    api_client: Clients, plan_id: int, party: Party, colleague: User, sales: User
) -> None:
    applied = api_client(colleague).post(
        f"{URL}{plan_id}/apply",
        {"target_type": "parties.party", "target_id": party.pk, "start": "2027-03-01"},
    )
    assert applied.status_code == 201, applied.json()
    answer = applied.json()
    assert [a["subject"] for a in answer] == ["欢迎电话", "发送价格表", "上门拜访"]
    shanghai = ZoneInfo("Asia/Shanghai")  # the colleague's zone: the installation's
    due = [datetime.fromisoformat(a["due_at"]).astimezone(shanghai) for a in answer]
    assert [d.isoformat()[:16] for d in due] == ["2027-03-01T10:00", "2027-03-02T00:00", "2027-03-08T00:00"]
    assert [a["assignee"]["id"] for a in answer] == [sales.pk, colleague.pk, sales.pk]
    assert all(a["target_type"] == "parties.party" and a["target_id"] == party.pk for a in answer)


def test_bad_input_to_apply_names_the_field_and_its_code(
    api_client: Clients, plan_id: int, party: Party, opportunity: Any, sales: User, logistics: User
) -> None:
    api = api_client(sales)
    apply = f"{URL}{plan_id}/apply"
    cases = [
        (
            {"target_type": "accounts.user", "target_id": sales.pk},
            {"target_type": "activity.unknown_target_type"},
        ),
        ({"target_type": "parties.party", "target_id": 999_999}, {"target_id": "unknown_reference"}),
        ({"target_type": "parties.party", "target_id": 0}, {"target_id": "invalid"}),
        (
            {"target_type": "sales.opportunity", "target_id": opportunity.pk},
            {"target_type": "activity_plan.not_applicable"},
        ),
        ({"target_type": "parties.party", "target_id": party.pk, "start": "1 March"}, {"start": "invalid"}),
        (
            {"target_type": "parties.party", "target_id": party.pk, "colour": "red"},
            {"colour": "unknown_field"},
        ),
        ({"target_id": party.pk}, {"target_type": "required"}),
    ]
    for payload, expected in cases:
        answer = api.post(apply, payload)
        assert answer.status_code == 422, (payload, answer.json())
        assert errors_of(answer) == expected, payload
    assert (
        api.post(f"{URL}999999/apply", {"target_type": "parties.party", "target_id": party.pk}).status_code
        == 404
    )
    # a record the caller may not see is answered like one that does not exist
    hidden = api_client(logistics).post(
        apply, {"target_type": "sales.opportunity", "target_id": opportunity.pk}
    )
    assert hidden.status_code == 422 and errors_of(hidden) == {"target_id": "unknown_reference"}
    assert not Activity.objects.exists()


def test_bad_steps_are_named_by_their_place(api_client: Clients, manager: User, sales: User) -> None:
    api = api_client(manager)
    answer = api.post(
        URL,
        {
            "name": "坏计划",
            "applies_to": ["accounts.user"],
            "steps": [
                {"subject": "x", "assignee_rule": "user"},
                {"subject": "y", "offset_days": 4000},
                {"subject": "z", "kind": "dance"},
            ],
        },
    )
    assert answer.status_code == 422
    found = errors_of(answer)
    assert found["steps.1.offset_days"] and found["steps.2.kind"] == "invalid_choice"
    answer = api.post(
        URL,
        {
            "name": "坏计划",
            "applies_to": ["accounts.user"],
            "steps": [{"subject": "x", "assignee_rule": "user"}],
        },
    )
    assert errors_of(answer) == {
        "applies_to": "activity_plan.unknown_kind",
        "steps.0.assignee": "activity_plan.assignee_required",
    }
    assert not ActivityPlan.objects.exists()


def test_a_refused_step_schedules_nothing(
    api_client: Clients, manager: User, party: Party, sales: User, make_user: Callable[..., User]
) -> None:
    leaver = make_user(Role.SALES, username="leaver")
    steps = [{"subject": "一"}, {"subject": "二", "assignee_rule": "user", "assignee": leaver.pk}]
    plan_id = api_client(manager).post(URL, {"name": "两步", "steps": steps}).json()["id"]
    leaver.is_active = False
    leaver.save()

    answer = api_client(sales).post(
        f"{URL}{plan_id}/apply", {"target_type": "parties.party", "target_id": party.pk}
    )

    assert answer.status_code == 422 and errors_of(answer) == {
        "steps.1.assignee": "activity.assignee_not_eligible"
    }
    assert not Activity.objects.exists()
