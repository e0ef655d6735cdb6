"""In headless Chromium: a user opens "My account" from the user menu, changes their time zone
and language under "My preferences", and sees the page in the new language with times in the new
zone; the notification preferences are one link away and link back. In Chinese on a desktop and
in English on a phone. Screenshots go to ``$CATENA_SCREENSHOTS``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from catena.accounts import services
from catena.accounts.choices import Role
from catena.accounts.models import APIToken, User
from catena.conftest import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "pass-Catena-2026"
SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")
SCREENS = {
    "zh-hans desktop": {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}},
    "en phone": {"locale": "en", "viewport": {"width": 390, "height": 844}},
}
# What each screen switches to, and how the page then reads: a token made at 04:30 UTC on 2 March.
SWITCH = {
    "zh-hans desktop": {
        "zone": "America/New_York",
        "language": "en",
        "heading": "My preferences",
        "created": "03/01/2026 11:30 p.m.",
        "saved": "Your preferences are saved.",
    },
    "en phone": {
        "zone": "Asia/Tokyo",
        "language": "zh-hans",
        "heading": "我的偏好",
        "created": "2026年3月2日 13:30",
        "saved": "您的偏好已保存。",
    },
}


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, live_server: Any) -> Iterator[tuple[str, Any]]:
    with chromium_page(**SCREENS[request.param]) as page:
        yield request.param, page


def open_user_menu(page: Any, phone: bool) -> None:
    if phone:
        page.click("[data-toggle-nav]")
    page.click("header details.dropdown summary")


def test_a_user_changes_time_zone_and_language_and_reads_the_page_in_them(
    screen: tuple[str, Any], live_server: Any
) -> None:
    name, page = screen
    phone, switch, base = name.endswith("phone"), SWITCH[name], live_server.url
    user = User.objects.create_user(username="lihua", password=PASSWORD, role=Role.SALES, last_name="李")
    token, _raw = services.create_api_token(user, name="ERP")
    APIToken.objects.filter(pk=token.pk).update(created_at=datetime(2026, 3, 2, 4, 30, tzinfo=UTC))

    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "lihua")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
    assert page.locator("html").get_attribute("lang") == ("en" if phone else "zh-hans")

    # "My account" is in the user menu, with "My preferences" on it.
    open_user_menu(page, phone)
    with page.expect_navigation():
        page.click("header a[href='/accounts/me/']")
    form = page.locator("[data-testid=preferences-form]")
    assert form.locator("select[name=time_zone] option").nth(1).get_attribute("value") == "Asia/Shanghai"
    form.locator("select[name=time_zone]").select_option(switch["zone"])
    form.locator("select[name=language]").select_option(switch["language"])
    form.locator("input[name=phone]").fill("138 0000 0000")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # The page now speaks the new language and shows times in the new zone.
    assert page.locator("html").get_attribute("lang") == switch["language"]
    assert switch["heading"] in page.inner_text("#preferences h2")
    assert switch["saved"] in page.inner_text(".messages")
    assert page.inner_text("[data-testid=profile-time-zone]") == switch["zone"]
    assert switch["created"] in page.inner_text("main table")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/my-preferences-{name.replace(' ', '-')}.png", full_page=True)
    user.refresh_from_db()
    assert (user.time_zone, user.language, user.phone) == (
        switch["zone"],
        switch["language"],
        "138 0000 0000",
    )

    # The notification preferences are one link away, and link back.
    with page.expect_navigation():
        page.click("[data-testid=notification-preferences-link]")
    assert page.locator("#notification-preferences").is_visible()
    with page.expect_navigation():
        page.click("[data-testid=my-preferences-link]")
    assert page.url.endswith("/accounts/me/#preferences")
    open_user_menu(page, phone)
    assert page.locator("header a[href='/me/notifications/#notification-preferences']").is_visible()
