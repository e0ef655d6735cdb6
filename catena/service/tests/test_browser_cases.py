"""A case from start to end in headless Chromium, in zh-Hans on a desktop and in English on a
phone: an agent opens a case for a customer, replies, writes an internal note and resolves it
with a root cause; the customer sees the reply in the portal, never the note."""

from __future__ import annotations

import os
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.conftest import chromium_page
from catena.service.models import Case
from catena.service.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")
SCREENS = {
    "zh-desktop": {"locale": "zh-CN", "viewport": {"width": 1366, "height": 900}},
    "en-phone": {"locale": "en", "viewport": {"width": 390, "height": 844}},
}
PASSWORD = f.PASSWORD


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_agent_resolves_a_case_the_customer_follows(live_server: Any, screen: str) -> None:
    language = "zh-hans" if screen.startswith("zh") else "en"
    f.user(Role.SERVICE, username="agent", language=language)
    party = f.customer(name="南京金陵酒店")
    f.portal_user(party, username="hotel", language=language)
    base = live_server.url
    width = SCREENS[screen]["viewport"]["width"]

    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, "agent")
        page.goto(f"{base}/service/cases/new/")
        page.fill("#id_party_search", "金陵")
        page.click(f"[data-pick-id='{party.pk}']")
        page.select_option("#id_case_type", "complaint")
        page.fill("#id_subject", "空调外机运输破损")
        page.fill("#id_body", "三台外机的包装压坏，外壳凹陷。")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        case = Case.objects.get()
        assert page.url.endswith(f"/service/cases/{case.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        page.fill("#id_body", "我们已联系承运商，明天补发三台。")
        with page.expect_navigation():
            page.click("[data-testid=send-reply]")
        page.fill("#id_body", "承运商本月第二次破损，需要索赔。")
        with page.expect_navigation():
            page.click("[data-testid=add-note]")
        assert page.locator("[data-testid=message-note]").count() == 1
        page.click("[data-testid=resolve-open]")
        page.select_option("#id_root_cause", "carrier")
        page.fill("#id_resolution", "补发三台，运费由承运商承担。")
        with page.expect_navigation():
            page.click("[data-testid=resolve]")
        status = page.locator("[data-testid=case-status]").inner_text()
        assert status == ("已解决" if language == "zh-hans" else "Resolved")
        assert "carrier" in Case.objects.get().root_cause
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/case-{screen}.png", full_page=True)

    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, "hotel")
        page.goto(f"{base}/portal/cases/")
        page.click(f"text={case.number}")
        page.wait_for_selector("[data-testid=conversation]")
        text = page.locator("main").inner_text()
        assert "我们已联系承运商，明天补发三台。" in text
        assert "承运商本月第二次破损" not in text
        assert case.number in text  # the acknowledgement names it
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/portal-case-{screen}.png", full_page=True)
