"""In headless Chromium: schedule an activity on a party, find it on "my day", complete it —
in Chinese on a desktop and in English on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import chromium_page
from catena.parties.tests.factories import PartyFactory
from catena.workspace.models import Activity

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


def test_schedule_on_a_party_see_it_on_my_day_and_complete_it(
    screen: tuple[str, Any], live_server: Any
) -> None:
    name, page = screen
    chinese = name.startswith("zh")
    user = User.objects.create_user(
        username="lihua", password=PASSWORD, role=Role.SALES, last_name="李", first_name="华"
    )
    party = PartyFactory(name="杭州西湖供应链管理有限公司", owner=user)

    page.goto(f"{live_server.url}/accounts/login/?next=/parties/{party.pk}/")
    page.fill("input[name=username]", "lihua")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
    assert page.locator("html").get_attribute("lang") == ("zh-hans" if chinese else "en")

    # Schedule a call for today from the party's activity panel.
    page.click("[data-testid=schedule-activity]")
    page.select_option("select[name=kind]", "call")
    page.fill("input[name=subject]", "确认三月交期")
    page.fill("input[name=due_date]", timezone.localdate().isoformat())
    page.fill("input[name=due_time]", "23:59")
    page.click("[data-testid=schedule-submit]")
    page.wait_for_selector(".activity-panel .activity-subject:has-text('确认三月交期')")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # The navigation counts it; "my day" shows it under today, with its party.
    page.reload()
    if not chinese:
        page.click("[data-toggle-nav]")
    count = page.inner_text("[data-testid=nav-my-day] .count-pill")
    assert count.strip() == "1"
    with page.expect_navigation():
        page.click("[data-testid=nav-my-day]")
    today = page.locator(".day-today")
    assert "确认三月交期" in today.inner_text() and party.name in today.inner_text()
    assert ("今天" if chinese else "Today") in today.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # One click completes it: the list empties and says what to do next.
    page.fill(".day-today input[name=outcome]", "客户同意")
    page.click(".day-today [data-testid=complete]")
    page.wait_for_selector(".empty-state")
    assert ("今天没有待办" if chinese else "Nothing to do today") in page.inner_text("#my-day")
    activity = Activity.objects.get()
    assert (activity.status, activity.outcome, activity.completed_by) == ("done", "客户同意", user)
