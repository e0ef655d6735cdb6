"""API v1 of assignment rules and agents' duty: managers write rules, agents read them, bad input
answers 422 with the field and a stable code, and portal users find nothing (404)."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department
from catena.service.models import AssignmentRule
from catena.service.services import assignment_setup
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/assignment-rules/"


def field_codes(response: Any) -> dict[str, str]:
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def _team() -> Department:
    return Department.objects.get_or_create(code=DepartmentCode.SERVICE)[0]


def test_a_manager_creates_updates_lists_and_deletes_a_rule(api_client: Any) -> None:
    _team()
    client = api_client(f.user(Role.MANAGER, username="boss"))

    made = client.post(URL, {"name": "投诉", "priority": 5, "case_type": "complaint", "team": "service"})
    assert made.status_code == 201, made.json()
    rule = made.json()
    assert rule["team"] == "service" and rule["method"] == "round_robin" and rule["user"] is None
    changed = client.put(
        f"{URL}{rule['id']}",
        {"name": "投诉", "priority": 6, "team": "service", "method": "least_loaded"},
    )
    assert changed.status_code == 200 and changed.json()["method"] == "least_loaded"
    listed = client.get(URL).json()
    assert [item["priority"] for item in listed["items"]] == [6]
    assert client.delete(f"{URL}{rule['id']}").status_code == 204
    assert not AssignmentRule.objects.exists()


def test_bad_rules_are_refused_with_the_field_and_code(api_client: Any) -> None:
    _team()
    client = api_client(f.user(Role.MANAGER, username="boss"))
    client.post(URL, {"name": "A", "priority": 1, "team": "service"})

    taken = client.post(URL, {"name": "B", "priority": 1, "team": "service"})
    no_target = client.post(URL, {"name": "B", "priority": 2})
    unknown_team = client.post(URL, {"name": "B", "priority": 2, "team": "nowhere"})
    bad_method = client.post(URL, {"name": "B", "priority": 2, "team": "service", "method": "dice"})
    portal_agent = client.post(
        URL, {"name": "B", "priority": 2, "user": f.portal_user(f.customer(), username="buyer").pk}
    )

    assert taken.status_code == 422 and field_codes(taken) == {"priority": "assignment.priority_taken"}
    assert no_target.status_code == 422 and field_codes(no_target) == {"team": "assignment.no_target"}
    assert unknown_team.status_code == 422 and field_codes(unknown_team) == {"team": "unknown_reference"}
    assert bad_method.status_code == 422 and "method" in field_codes(bad_method)
    assert portal_agent.status_code == 422 and field_codes(portal_agent) == {
        "user": "assignment.not_an_agent"
    }


def test_a_service_agent_reads_rules_but_may_not_write_them(api_client: Any) -> None:
    rule = assignment_setup.save_rule(None, actor=None, name="A", priority=1, team=_team())
    client = api_client(f.user(Role.SERVICE, username="agent"))

    assert client.get(f"{URL}{rule.pk}").status_code == 200
    assert client.post(URL, {"name": "B", "priority": 2, "team": "service"}).status_code == 403
    assert client.put(f"{URL}{rule.pk}", {"name": "B", "priority": 2, "team": "service"}).status_code == 403
    assert client.delete(f"{URL}{rule.pk}").status_code == 403


def test_portal_users_find_no_rules_and_no_duty(api_client: Any) -> None:
    rule = assignment_setup.save_rule(None, actor=None, name="A", priority=1, team=_team())
    agent = f.user(Role.SERVICE, username="agent")
    client = api_client(f.portal_user(f.customer(), username="buyer"))

    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{rule.pk}").status_code == 404
    assert client.post(URL, {"name": "B", "priority": 2, "team": "service"}).status_code == 404
    assert client.get(f"/api/v1/agents/{agent.pk}/duty").status_code == 404


def test_an_agents_duty_shows_shifts_absences_and_skills(api_client: Any) -> None:
    agent = f.user(Role.SERVICE, username="agent")
    assignment_setup.save_profile(agent, actor=None, skills=["zh", "pumps"], max_open_cases=5)
    assignment_setup.add_shift(agent, actor=None, weekday=0, starts_at=time(9), ends_at=time(17))
    client = api_client(f.user(Role.SERVICE, username="colleague"))

    duty = client.get(f"/api/v1/agents/{agent.pk}/duty")

    assert duty.status_code == 200, duty.json()
    body = duty.json()
    assert body["skills"] == ["pumps", "zh"] and body["max_open_cases"] == 5
    assert body["shifts"][0]["weekday"] == 0 and body["shifts"][0]["starts_at"].startswith("09:00")
    assert client.get("/api/v1/agents/999999/duty").status_code == 404


def test_the_rule_list_reads_a_fixed_number_of_queries(
    api_client: Any, django_assert_max_num_queries: Any
) -> None:
    team = _team()
    named = f.user(Role.SERVICE, username="named")
    for priority in range(1, 6):
        target = {"team": team} if priority % 2 else {"user": named}
        assignment_setup.save_rule(None, actor=None, name=f"R{priority}", priority=priority, **target)
    client = api_client(f.user(Role.MANAGER, username="boss"))

    with django_assert_max_num_queries(8):
        listed = client.get(URL)

    assert listed.status_code == 200 and listed.json()["count"] == 5


def test_a_staff_caller_asks_the_api_to_assign_by_rules(api_client: Any) -> None:
    caller, other = f.user(Role.SERVICE, username="caller"), f.user(Role.SERVICE, username="other")
    assignment_setup.save_rule(None, actor=None, name="All", priority=1, user=other)
    party = f.customer()
    client = api_client(caller)
    fields = {"party": party.pk, "case_type": "inquiry", "subject": "?"}

    kept = client.post("/api/v1/cases/", fields)
    by_rules = client.post("/api/v1/cases/", {**fields, "assign_by_rules": True})

    assert kept.status_code == 201 and kept.json()["owner"]["id"] == caller.pk
    assert by_rules.status_code == 201 and by_rules.json()["owner"]["id"] == other.pk
