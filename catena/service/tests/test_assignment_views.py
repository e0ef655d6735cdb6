"""Settings pages of assignment: managers edit rules, agents' profiles and duty; a service agent
is refused (403), a portal user finds nothing (404); bad input is shown on the form (422)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department
from catena.service.models import AgentProfile, AssignmentRule, Case, DutySchedule
from catena.service.services import assignment_setup
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db
RULES = reverse("settings_service:assignment_rule_list")
NEW_RULE = reverse("settings_service:assignment_rule_create")
AGENTS = reverse("settings_service:agent_list")


def _team() -> Department:
    return Department.objects.get_or_create(code=DepartmentCode.SERVICE)[0]


def test_the_empty_rule_list_says_what_happens_without_rules(client: Any) -> None:
    client.force_login(f.user(Role.MANAGER, username="boss"))

    page = client.get(RULES)

    assert page.status_code == 200
    assert "No assignment rules yet" in page.content.decode()


def test_a_manager_creates_a_rule_and_a_taken_priority_is_refused_on_the_form(client: Any) -> None:
    team = _team()
    client.force_login(f.user(Role.MANAGER, username="boss"))
    fields = {"name": "投诉", "priority": "5", "is_active": "on", "case_type": "complaint", "team": team.pk}

    created = client.post(NEW_RULE, {**fields, "method": "round_robin"})
    again = client.post(NEW_RULE, {**fields, "method": "least_loaded"})
    both = client.post(NEW_RULE, {**fields, "priority": "6", "method": "round_robin", "user": f.user().pk})

    assert created.status_code == 302
    assert again.status_code == 422
    assert [e.code for e in again.context["form"].errors.as_data()["priority"]] == [
        "assignment.priority_taken"
    ]
    assert both.status_code == 422
    assert [e.code for e in both.context["form"].errors.as_data()["team"]] == ["assignment.no_target"]
    assert AssignmentRule.objects.count() == 1
    assert "投诉" in client.get(RULES).content.decode()


def test_a_manager_sets_an_agents_profile_shifts_and_absences(client: Any) -> None:
    agent = f.user(Role.SERVICE, username="agent")
    client.force_login(f.user(Role.MANAGER, username="boss"))
    url = reverse("settings_service:agent_edit", args=[agent.pk])

    profile = client.post(
        url, {"action": "profile", "skills": "zh, pumps", "max_open_cases": "8", "is_available": "on"}
    )
    shift = client.post(url, {"action": "shift", "weekday": "1", "starts_at": "09:00", "ends_at": "18:00"})
    backwards = client.post(
        url, {"action": "shift", "weekday": "1", "starts_at": "18:00", "ends_at": "09:00"}
    )
    absence = client.post(url, {"action": "absence", "starts_on": "2026-12-20", "ends_on": "2026-12-10"})

    assert profile.status_code == 302 and shift.status_code == 302
    assert AgentProfile.objects.get(user=agent).skills == ["pumps", "zh"]
    assert DutySchedule.objects.filter(user=agent).count() == 1
    assert backwards.status_code == 422 and "ends_at" in backwards.context["shift_form"].errors
    assert absence.status_code == 422 and "ends_on" in absence.context["absence_form"].errors
    assert "agent" in client.get(AGENTS).content.decode()


def test_a_service_agent_may_not_edit_assignment_and_a_portal_user_finds_nothing(client: Any) -> None:
    rule = assignment_setup.save_rule(None, actor=None, name="A", priority=1, team=_team())
    agent = f.user(Role.SERVICE, username="agent")
    pages = [RULES, NEW_RULE, reverse("settings_service:assignment_rule_edit", args=[rule.pk]), AGENTS]
    pages.append(reverse("settings_service:agent_edit", args=[agent.pk]))

    client.force_login(agent)
    assert {client.get(url).status_code for url in pages} == {403}
    client.force_login(f.portal_user(f.customer(), username="buyer"))
    assert {client.get(url).status_code for url in pages} == {404}


def test_an_agent_asks_for_the_rules_on_the_new_case_form(client: Any) -> None:
    agent, other = f.user(Role.SERVICE, username="agent"), f.user(Role.SERVICE, username="other")
    assignment_setup.save_rule(None, actor=None, name="All", priority=1, user=other)
    party = f.customer()
    client.force_login(agent)
    fields = {"party": party.pk, "case_type": "inquiry", "subject": "?", "channel": "phone"}
    fields |= {"priority": "normal", "severity": "moderate"}

    client.post(reverse("service:case_create"), fields)
    client.post(reverse("service:case_create"), {**fields, "assign_by_rules": "on"})

    assert sorted(Case.objects.values_list("owner__username", flat=True)) == ["agent", "other"]
