"""In headless Chromium: apply the onboarding plan on a party's page and find its activities on
"my day" — in Chinese on a desktop and in English on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import chromium_page
from catena.demo.workspace import ONBOARDING, create_activity_plans
from catena.parties.tests.factories import PartyFactory
from catena.workspace.models import Activity, ActivityPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "pass-Catena-2026"
SCREENS = {
    "zh-hans desktop": {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}},
    "en phone": {"locale": "en", "viewport": {"width": 390, "height": 844}},
}


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, live_server: Any) -> Iterator[tuple[str, Any]]:
    with chromium_page(**SCREENS[request.param]) as page:
        yield request.param, page


def test_apply_the_onboarding_plan_on_a_party_and_see_it_on_my_day(
    screen: tuple[str, Any], live_server: Any
) -> None:
    name, page = screen
    chinese = name.startswith("zh")
    user = User.objects.create_user(
        username="zhaolei", password=PASSWORD, role=Role.SALES, last_name="赵", first_name="磊"
    )
    party = PartyFactory(name="苏州新程商贸有限公司", owner=user)
    create_activity_plans()
    plan = ActivityPlan.objects.get(name=ONBOARDING)

    page.goto(f"{live_server.url}/accounts/login/?next=/parties/{party.pk}/")
    page.fill("input[name=username]", "zhaolei")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
    assert page.locator("html").get_attribute("lang") == ("zh-hans" if chinese else "en")

    # The panel offers the plan; applying it redraws the panel with its five activities.
    form = page.locator("[data-testid=apply-plan-form]")
    assert ("活动计划" if chinese else "Activity plan") in form.inner_text()
    page.select_option(".apply-plan select[name=plan]", str(plan.pk))
    page.click("[data-testid=apply-plan]")
    page.wait_for_selector(".activity-panel .activity-subject:has-text('30 天回顾')")
    subjects = page.locator(".activity-panel .activity-subject").all_inner_texts()
    assert len(subjects) == 5 and "欢迎电话" in subjects[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # "My day" shows the first ones, today and coming up, with the party.
    page.goto(f"{live_server.url}/me/")
    day = page.inner_text("#my-day")
    for subject in ("欢迎电话", "发送价格表", "上门拜访"):
        assert subject in day
    assert party.name in day
    upcoming = page.inner_text(".day-upcoming")
    assert ("即将到期" if chinese else "Coming up") in upcoming and "上门拜访" in upcoming
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert Activity.objects.filter(assignee=user, created_by=user).count() == 5
