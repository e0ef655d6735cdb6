"""The board and the lists at a laptop's 1366 px and a phone's 390 px, in Chinese: the board's
columns scroll sideways inside it (the last one is reachable, not cut off), and its search
applies as one types."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import chromium_page
from catena.sales.tests.factories import customer, opportunity, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")
PASSWORD = "Catena-2026!"


@pytest.fixture(params=[(1366, 768), (390, 844)], ids=["laptop", "phone"])
def screen(request: pytest.FixtureRequest, live_server: Any) -> Iterator[Any]:
    """A page in headless Chromium whose browser asks for Chinese."""
    width, height = request.param
    with chromium_page(locale="zh-CN", viewport={"width": width, "height": height}) as page:
        yield page


def sign_in(page: Any, base: str) -> User:
    user = User.objects.create_user(username="zhao", password=PASSWORD, role=Role.MANAGER)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "zhao")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    return user


def test_the_board_scrolls_sideways_and_searches_as_one_types(screen: Any, live_server: Any) -> None:
    user = sign_in(screen, live_server.url)
    buyer = customer(name="苏州精工机械有限公司")
    for code in ("qualification", "needs_analysis", "proposal", "negotiation", "won", "lost"):
        opportunity(
            buyer, name=f"年度框架协议 {code}", owner=user, step=step(code), amount=Decimal("12674000")
        )
    opportunity(customer(name="无锡纺织有限公司"), name="纺织设备更新", owner=user, amount=Decimal("80"))
    width = screen.viewport_size["width"]

    screen.goto(f"{live_server.url}/sales/opportunities/")
    board = screen.locator("#board")
    assert "12,674,000.00" in board.inner_text()
    if SHOTS:
        screen.screenshot(path=f"{SHOTS}/board-{width}.png", full_page=True)
    # the page does not scroll sideways, the board does; its last column can be reached in full
    assert screen.evaluate("document.documentElement.scrollWidth") <= width
    if width < 800:  # on a phone the columns do not fit: the board scrolls, one column at a time
        assert board.evaluate("el => el.scrollWidth > el.clientWidth")
    last = screen.locator("#board .board-column").last
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    if SHOTS:
        screen.screenshot(path=f"{SHOTS}/board-{width}.png", full_page=True)

    # the search applies while typing, without touching a stage
    with screen.expect_response(lambda r: "q=" in r.url and r.request.method == "GET"):
        screen.fill("#id_board_q", "纺织")
    screen.wait_for_function("() => !document.querySelector('#board').innerText.includes('年度框架协议')")
    assert "纺织设备更新" in board.inner_text()


def test_lists_and_filters_keep_their_shape(screen: Any, live_server: Any) -> None:
    sign_in(screen, live_server.url)
    width = screen.viewport_size["width"]

    for path, name in (
        ("/orders/purchase-orders/", "po-list"),
        ("/orders/", "order-list"),
        ("/sales/quotes/", "quote-list"),
    ):
        screen.goto(f"{live_server.url}{path}")
        assert screen.evaluate("document.documentElement.scrollWidth") <= width
        if SHOTS:
            screen.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)

    # the "overdue only" box is a checkbox's size, not a field's
    screen.goto(f"{live_server.url}/orders/purchase-orders/")
    box = screen.locator("input[name=overdue]").bounding_box()
    assert box is not None and box["height"] < 24 and box["width"] < 24
    # the sub-tabs sit side by side from the left, not spread across the width
    tabs = screen.locator("nav.subnav a")
    first, second = tabs.nth(0).bounding_box(), tabs.nth(1).bounding_box()
    assert first is not None and second is not None
    assert second["x"] - (first["x"] + first["width"]) < 40
