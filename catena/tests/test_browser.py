"""End to end in headless Chromium: what a new user does on the first day."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import CHROMIUM_FLAGS, close_connections_opened_beside_playwright
from catena.parties.models import ContactPoint, Party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_page(live_server: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = browser.new_context(
            accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield page
        finally:
            close_connections_opened_beside_playwright()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_first_day_sign_in_create_find_switch_language_export(browser_page: Any, live_server: Any) -> None:
    page = browser_page
    User.objects.create_user(
        username="lihua", password="Catena-2026!", role=Role.SALES, last_name="李", first_name="华"
    )

    # Sign in: the default language is Chinese.
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.fill("input[name=username]", "lihua")
    page.fill("input[name=password]", "Catena-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    # Create a party with a first contact.
    page.goto(f"{live_server.url}/parties/new/")
    page.fill("input[name=name]", "杭州西湖供应链管理有限公司")
    page.check("input[name=roles][value=supplier]")
    page.fill("input[name=contact_name]", "陈静")
    page.fill("input[name=contact_mobile]", "139 5712 3456")
    page.select_option("select[name=address_province]", "浙江省")
    page.fill("input[name=address_city]", "杭州市")
    page.click("main form button[type=submit] >> nth=-1")
    page.wait_for_url("**/parties/*/")
    party = Party.objects.get(name="杭州西湖供应链管理有限公司")
    assert ContactPoint.objects.get(party=party, kind="mobile").value == "+8613957123456"
    assert party.owner.username == "lihua"

    # Find it again by the contact's mobile number through the global search.
    page.goto(f"{live_server.url}/")
    page.click("header input[name=q]")
    page.fill("dialog[data-palette] [role=combobox]", "13957123456")
    page.get_by_role("option", name="杭州西湖供应链管理有限公司").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/parties/{party.pk}/")
    page.goto(f"{live_server.url}/parties/?q=13957123456")
    assert page.get_by_role("link", name="杭州西湖供应链管理有限公司").count() >= 1

    # Switch to English and back, staying on the same page.
    page.click("[data-testid=language-en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/parties/" in page.url
    assert page.get_by_role("link", name="Parties").count() >= 1
    page.click("[data-testid=language-zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    # Export the (searched) list as CSV and read it back.
    with page.expect_download() as download_info:
        page.click("[data-testid=export-csv]")
    download = download_info.value
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 2, rows
    assert "杭州西湖供应链管理有限公司" in rows[1]
