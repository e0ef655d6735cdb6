"""The activity plans' pages: their settings section, and applying one from a record's panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from catena.accounts.models import User
from catena.parties.models import Party
from catena.workspace import services
from catena.workspace.models import Activity, ActivityPlan

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
HTMX = {"HX-Request": "true"}
LIST = "/settings/activity-plans/"


@pytest.fixture
def plan(manager: User) -> ActivityPlan:
    return services.create_plan(
        actor=manager,
        name="新经销商上线",
        applies_to=["parties.party"],
        steps=[
            {"kind": "call", "subject": "欢迎电话", "offset_days": 0},
            {"kind": "visit", "subject": "上门拜访", "offset_days": 7},
        ],
    )


def management(total: int, initial: int) -> dict[str, Any]:
    return {
        "steps-TOTAL_FORMS": str(total),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "50",
    }


def step(index: int, subject: str, order: int | str = "", **fields: Any) -> dict[str, Any]:
    values = {"kind": "todo", "subject": subject, "offset_days": "0", "assignee_rule": "record_owner"}
    values.update({k: str(v) for k, v in fields.items()})
    values["ORDER"] = str(order)
    return {f"steps-{index}-{key}": value for key, value in values.items()}


def test_the_settings_section_says_what_plans_are_for_when_there_are_none(
    logged_in: Login, manager: User
) -> None:
    page = logged_in(manager).get(LIST)
    html = page.content.decode()
    assert page.status_code == 200
    assert "No activity plans yet" in html and "/settings/activity-plans/new/" in html
    assert 'href="/settings/activity-plans/" aria-current="page"' in html  # in the settings nav


def test_only_administrators_and_managers_open_the_settings(
    client: Client, logged_in: Login, sales: User, portal: User, plan: ActivityPlan
) -> None:
    for url in (LIST, f"{LIST}new/", f"{LIST}{plan.pk}/"):
        assert client.get(url).status_code == 302  # to sign in
    for url in (LIST, f"{LIST}new/", f"{LIST}{plan.pk}/"):
        assert logged_in(sales).get(url).status_code == 403
        assert logged_in(sales).post(url, {"name": "x", **management(0, 0)}).status_code == 403
        assert logged_in(portal).get(url).status_code == 404
    assert ActivityPlan.objects.get().name == "新经销商上线"
    assert "Activity plans" not in logged_in(sales).get("/settings/").content.decode()


def test_create_a_plan_with_its_steps(logged_in: Login, manager: User, colleague: User) -> None:
    client = logged_in(manager)
    assert client.get(f"{LIST}new/").status_code == 200
    data = {
        "name": "报价跟进",
        "applies_to": ["sales.quote", "parties.party"],
        "is_active": "on",
        **management(2, 0),
        **step(0, "打电话确认", 1, kind="call", time_of_day="10:00"),
        **step(1, "发邮件", 2, offset_days=3, assignee_rule="user", assignee=colleague.pk),
    }
    page = client.post(f"{LIST}new/", data)
    assert page.status_code == 302, page.content.decode()

    plan = ActivityPlan.objects.get()
    assert (plan.name, sorted(plan.applies_to), plan.is_active) == (
        "报价跟进",
        ["parties.party", "sales.quote"],
        True,
    )
    steps = list(plan.steps.all())
    assert [(s.subject, s.offset_days, s.assignee) for s in steps] == [
        ("打电话确认", 0, None),
        ("发邮件", 3, colleague),
    ]
    listing = client.get(LIST).content.decode()
    assert "报价跟进" in listing and "打电话确认" in listing


def test_edit_steps_reorder_remove_and_add(logged_in: Login, manager: User, plan: ActivityPlan) -> None:
    client = logged_in(manager)
    page = client.get(f"{LIST}{plan.pk}/")
    assert page.status_code == 200 and "欢迎电话" in page.content.decode()
    data = {
        "name": plan.name,
        "applies_to": ["parties.party"],
        "is_active": "on",
        **management(3, 2),
        **step(0, "欢迎电话", 2),
        **step(1, "上门拜访", 1, DELETE="on"),
        **step(2, "30 天回顾", 1, offset_days=30),
    }
    assert client.post(f"{LIST}{plan.pk}/", data).status_code == 302
    assert [(s.position, s.subject) for s in plan.steps.all()] == [(1, "30 天回顾"), (2, "欢迎电话")]


def test_a_bad_step_is_shown_on_its_form_and_nothing_changes(
    logged_in: Login, manager: User, plan: ActivityPlan
) -> None:
    data = {
        "name": plan.name,
        "is_active": "on",
        **management(2, 2),
        **step(0, "欢迎电话", 1),
        **step(1, "没人做", 2, assignee_rule="user"),
    }
    page = logged_in(manager).post(f"{LIST}{plan.pk}/", data)
    assert page.status_code == 422
    assert "Choose the colleague who does this step." in page.content.decode()
    assert [s.subject for s in plan.steps.all()] == ["欢迎电话", "上门拜访"]


def test_apply_a_plan_from_the_panel_redraws_it_with_the_activities(
    logged_in: Login, plan: ActivityPlan, party: Party, sales: User
) -> None:
    client = logged_in(sales)
    record_page = client.get(f"/parties/{party.pk}/").content.decode()
    assert 'data-testid="apply-plan"' in record_page and "新经销商上线" in record_page

    form = {"target_type": "parties.party", "target_id": party.pk, "plan": plan.pk}
    panel = client.post("/me/activities/apply-plan/", form, headers=HTMX)

    html = panel.content.decode()
    assert panel.status_code == 200 and "activity-panel" in html
    assert "欢迎电话" in html and "上门拜访" in html
    assert Activity.objects.filter(assignee=sales).count() == 2


def test_a_plan_that_does_not_apply_is_refused_on_the_panel(
    logged_in: Login, plan: ActivityPlan, opportunity: Any, sales: User
) -> None:
    form = {"target_type": "sales.opportunity", "target_id": opportunity.pk, "plan": plan.pk}
    panel = logged_in(sales).post("/me/activities/apply-plan/", form, headers=HTMX)
    assert panel.status_code == 200
    assert "This plan does not apply to this kind of record." in panel.content.decode()
    assert not Activity.objects.exists()


def test_nobody_applies_a_plan_to_a_record_out_of_sight(
    logged_in: Login,
    plan: ActivityPlan,
    party: Party,
    opportunity: Any,
    logistics: User,
    portal: User,
    other_party: Party,
) -> None:
    anywhere = services.create_plan(actor=plan.created_by, name="通用", steps=[{"subject": "x"}])
    form = {"target_type": "sales.opportunity", "target_id": opportunity.pk, "plan": anywhere.pk}
    assert logged_in(logistics).post("/me/activities/apply-plan/", form, headers=HTMX).status_code == 404
    for target in (party, other_party):  # the portal user's own party too: staff pages only
        form = {"target_type": "parties.party", "target_id": target.pk, "plan": plan.pk}
        assert logged_in(portal).post("/me/activities/apply-plan/", form).status_code == 403
    bad = {"target_type": "parties.party", "target_id": party.pk, "plan": "abc"}
    assert (
        "Choose a plan."
        in logged_in(logistics).post("/me/activities/apply-plan/", bad, headers=HTMX).content.decode()
    )
    assert not Activity.objects.exists()


def test_without_plans_a_manager_is_pointed_to_the_settings(
    logged_in: Login, party: Party, manager: User, sales: User
) -> None:
    assert "Set up activity plans" in logged_in(manager).get(f"/parties/{party.pk}/").content.decode()
    html = logged_in(sales).get(f"/parties/{party.pk}/").content.decode()
    assert "Set up activity plans" not in html and 'data-testid="apply-plan"' not in html
