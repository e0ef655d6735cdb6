"""The Content-Security-Policy breaks nothing: the main pages load in headless Chromium without a
single violation reported (no inline script, no inline handler, no eval)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import CHROMIUM_FLAGS, close_connections_opened_beside_playwright
from catena.parties import services as party_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Recorded by the page itself: Chromium fires securitypolicyviolation for every blocked script,
# style, image or handler. Playwright's init scripts are not subject to the page's policy.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

PAGES = [
    "/",
    "/parties/",
    "/products/",
    "/interactions/",
    "/sales/opportunities/",
    "/orders/",
    "/flow/",
    "/data/",
    "/accounts/me/",
    "/me/",
    "/me/notifications/",
    "/admin/",
]


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            close_connections_opened_beside_playwright()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_the_main_pages_report_no_content_security_policy_violation(page: Any, live_server: Any) -> None:
    # given an administrator and a party to look at
    User.objects.create_user(
        username="csp-admin",
        password="Catena-2026!",
        role=Role.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )
    party = party_services.create_party(actor=None, name="华南精密制造有限公司")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # when they sign in and open the main pages, the party's page among them
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "csp-admin")
    page.fill("input[name=password]", "Catena-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    found: dict[str, list[str]] = {}
    for path in [*PAGES, f"/parties/{party.pk}/", "/admin/login/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
        if violations:
            found[path] = violations

    # then no page had anything blocked, and no script failed
    assert found == {}
    assert [line for line in console if "Content Security Policy" in line] == []
    assert errors == []
