"""Settings in headless Chromium: an administrator defines a custom field and finds it on the
party form (zh-Hans, desktop); the first administrator of an empty installation walks the
first-run checklist on a phone (English, 390 px). Screenshots go to ``$CATENA_SCREENSHOTS``,
in the light and the dark colour scheme."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import CompanyProfile, User
from catena.conftest import chromium_page
from catena.parties.models import CustomField, Party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")
PASSWORD = "Catena-2026!"


@pytest.fixture
def desktop(live_server: Any) -> Iterator[Any]:
    """A Chinese desktop browser whose system asks for the dark colour scheme."""
    with chromium_page(locale="zh-CN", viewport={"width": 1280, "height": 900}, color_scheme="dark") as page:
        yield page


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_custom_field_defined_in_settings_is_on_the_party_form(desktop: Any, live_server: Any) -> None:
    page, base = desktop, live_server.url
    User.objects.create_user(username="guanli", password=PASSWORD, role=Role.ADMINISTRATOR)
    sign_in(page, base, "guanli")

    # The settings are in the user menu; the dark scheme follows the system.
    assert page.locator("html").get_attribute("data-theme") is None
    page.click("header details.dropdown summary")
    page.click("header a[href='/settings/']")
    page.wait_for_url(f"{base}/settings/start/")
    page.click(".settings-nav a[href='/settings/custom-fields/']")
    shot(page, "settings-custom-fields-empty-dark")
    page.click("main a[href='/settings/custom-fields/new/']")
    page.fill("input[name=label]", "客户等级")
    page.fill("input[name=key]", "grade")
    page.select_option("select[name=type]", "choice")
    page.fill("textarea[name=choices]", "A\nB\nC")
    page.check("input[name=is_required]")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/settings/custom-fields/")
    assert page.locator("main table").inner_text().count("客户等级") == 1
    shot(page, "settings-custom-fields-dark")
    assert CustomField.objects.get().choices == ["A", "B", "C"]

    # The party form asks for it, refuses a missing value and saves a chosen one.
    page.goto(f"{base}/parties/new/")
    field = page.locator("[name=cf_grade]")
    assert field.is_visible()
    assert "客户等级" in page.locator("main form").inner_text()
    page.fill("input[name=name]", "苏州工业园区示例精密机械有限公司")
    page.check("input[name=roles][value=customer]")
    page.click("main form button[type=submit] >> nth=-1")
    page.wait_for_selector("#field-cf_grade .field-error")
    shot(page, "party-form-custom-field-error-dark")
    page.select_option("select[name=cf_grade]", "B")
    page.click("main form button[type=submit] >> nth=-1")
    page.wait_for_url("**/parties/*/")
    assert Party.objects.get().custom_fields == {"grade": "B"}
    assert "客户等级" in page.locator("main").inner_text()
    page.emulate_media(color_scheme="light")
    shot(page, "party-detail-custom-field-light")


def test_the_first_administrator_walks_the_first_run_checklist_on_a_phone(
    phone: Any, live_server: Any
) -> None:
    page, base = phone, live_server.url
    User.objects.create_user(username="first", password=PASSWORD, role=Role.ADMINISTRATOR)
    assert not Party.objects.exists()
    sign_in(page, base, "first")

    # The home page shows the checklist card on an empty installation.
    card = page.locator("article.first-run")
    assert "0 of 4" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "first-run-home-390")
    card.locator("a[role=button]").click()
    page.wait_for_url(f"{base}/settings/start/")
    shot(page, "first-run-checklist-390")

    # Company profile.
    page.click("[data-step=company] a")
    page.fill("input[name=name]", "Lianxun Supply Chain Co., Ltd.")
    page.fill("input[name=uscc]", "91310115MA1K4XXX19")
    page.select_option("select[name=default_currency]", "CNY")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/settings/company/")
    assert CompanyProfile.objects.get().name == "Lianxun Supply Chain Co., Ltd."

    # A colleague.
    page.goto(f"{base}/settings/start/")
    assert page.locator("[data-step=company].done").count() == 1
    page.click("[data-step=users] a")
    page.fill("input[name=username]", "liwei")
    page.select_option("select[name=role]", "sales")
    page.fill("input[name=password]", "Chain-links-2026!")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/settings/users/")

    # Parties: the template downloads with an example row; the first party is entered by hand.
    page.goto(f"{base}/settings/start/")
    href = page.locator("[data-step=parties] a[download] >> nth=1").get_attribute("href")
    template = page.request.get(f"{base}{href}")
    assert len(template.text().strip().splitlines()) == 2
    page.goto(f"{base}/parties/new/")
    page.fill("input[name=name]", "Hangzhou Example Trading Co., Ltd.")
    page.check("input[name=roles][value=customer]")
    page.click("main form button[type=submit] >> nth=-1")
    page.wait_for_url("**/parties/*/")

    # The flow template: saving a step in the editor.
    page.goto(f"{base}/settings/start/")
    page.click("[data-step=flow] a")
    page.click("main article header a >> nth=0")
    with page.expect_response(lambda r: "/steps/" in r.url and r.request.method == "POST"):
        page.click("[data-testid^=save-] >> nth=0")

    page.goto(f"{base}/settings/start/")
    assert page.locator(".checklist li.done").count() == 4
    assert "All set" in page.locator("main").inner_text()
    shot(page, "first-run-done-390")
    page.goto(f"{base}/")
    assert page.locator("article.first-run").count() == 0
