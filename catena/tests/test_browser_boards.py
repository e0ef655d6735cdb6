"""End to end in headless Chromium: a salesperson drags a deal to the next stage on the board
(zh-Hans, desktop 1366 px), and opens the list behind a dashboard bar on a phone (English, 390 px)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import chromium_page
from catena.sales.models import Opportunity
from catena.sales.tests.factories import opportunity, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")
PASSWORD = "Catena-2026!"


@pytest.fixture
def desktop_zh(live_server: Any) -> Iterator[Any]:
    with chromium_page(locale="zh-CN", viewport={"width": 1366, "height": 800}) as page:
        yield page


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_a_deal_is_dragged_to_the_next_stage(desktop_zh: Any, live_server: Any) -> None:
    page = desktop_zh
    user = User.objects.create_user(username="zhao", password=PASSWORD, role=Role.SALES)
    deal = opportunity(name="杭州仓库自动化", owner=user, amount=Decimal("12674000"))
    _sign_in(page, live_server, "zhao")

    page.goto(f"{live_server.url}/sales/opportunities/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    card = page.locator(f"[data-testid=card-{deal.pk}]")
    assert "12,674,000.00" in card.inner_text()
    # at 1366 px the last column can be scrolled fully into view, and the page itself does not scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.locator("[data-column=lost]").scroll_into_view_if_needed()
    board_right = page.evaluate("document.querySelector('#board').getBoundingClientRect().right")
    page.evaluate("document.querySelector('#board').scrollLeft = 1e6")
    lost_right = page.evaluate("document.querySelector('[data-column=lost]').getBoundingClientRect().right")
    assert lost_right <= board_right + 1
    page.evaluate("document.querySelector('#board').scrollLeft = 0")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/board-1366-zh.png", full_page=True)

    with page.expect_response(lambda r: "/move" in r.url and r.request.method == "POST") as answer:
        card.drag_to(page.locator("[data-column=needs_analysis]"))
    assert answer.value.status == 200
    page.wait_for_selector(f"[data-column=needs_analysis] [data-testid=card-{deal.pk}][data-version='2']")
    assert Opportunity.objects.get(pk=deal.pk).step == step("needs_analysis")
    page.reload()
    assert page.locator(f"[data-column=needs_analysis] [data-testid=card-{deal.pk}]").count() == 1

    # a card drawn before someone else moved the deal snaps back with a message
    Opportunity.objects.filter(pk=deal.pk).update(version=3)
    with page.expect_response(lambda r: "/move" in r.url) as stale:
        page.locator(f"[data-testid=card-{deal.pk}]").drag_to(page.locator("[data-column=proposal]"))
    assert stale.value.status == 409
    page.wait_for_selector("[data-board-status].is-error")
    assert "其他人移动了此商机" in page.inner_text("[data-board-status]")
    page.wait_for_selector(f"[data-column=needs_analysis] [data-testid=card-{deal.pk}][data-version='3']")
    assert Opportunity.objects.get(pk=deal.pk).step == step("needs_analysis")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/board-1366-zh-stale.png", full_page=True)


def test_a_dashboard_bar_opens_the_filtered_board_on_a_phone(phone: Any, live_server: Any) -> None:
    user = User.objects.create_user(username="qian", password=PASSWORD, role=Role.SALES)
    inside = opportunity(name="Proposal deal", owner=user, amount=Decimal("880000"), step=step("proposal"))
    opportunity(name="Early deal", owner=user, amount=Decimal("120000"))
    _sign_in(phone, live_server, "qian")

    chart = phone.locator("[data-testid=chart-pipeline]")
    phone.wait_for_selector("[data-testid=chart-pipeline][data-drawn] canvas")
    phone.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom(document.querySelector('[data-testid=chart-pipeline]'))"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/home-390-en.png", full_page=True)

    # the bar of the proposal stage: ask the chart where it drew it, and click there
    point = phone.evaluate(
        """() => {
          const el = document.querySelector('[data-testid=chart-pipeline]');
          const chart = window.echarts.getInstanceByDom(el);
          const data = JSON.parse(document.getElementById('work-data').textContent).pipeline;
          const index = data.urls.findIndex((u) => u.endsWith('stage=proposal'));
          const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [index, data.series[0].data[index] / 2]);
          return { x, y };
        }"""
    )
    chart.scroll_into_view_if_needed()
    chart.click(position={"x": point["x"], "y": point["y"]})
    phone.wait_for_url("**/sales/opportunities/?stage=proposal")
    assert phone.locator(f"[data-testid=card-{inside.pk}]").count() == 1
    assert phone.locator("[data-step=qualification]").count() == 0
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/board-stage-390-en.png", full_page=True)


def test_the_order_board_on_a_phone_and_at_1366(phone: Any, live_server: Any) -> None:
    from catena.fulfilment.tests.scenario import build_chain, stock_order
    from catena.sales.models import SalesOrder

    chain = build_chain()
    chain.manager.set_password(PASSWORD)
    chain.manager.save()
    order = stock_order(chain)
    for _ in range(3):
        stock_order(chain)
    _sign_in(phone, live_server, chain.manager.username)

    phone.goto(f"{live_server.url}/orders/")
    phone.click("[data-testid=order-board-link]")
    phone.wait_for_url("**/orders/board/")
    board = phone.locator("#board")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert board.evaluate("el => el.scrollWidth > el.clientWidth")
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/order-board-390.png", full_page=True)

    # the keyboard's way: the card's stage menu and its button
    phone.select_option(f"#move-{order.pk}", value="confirmed")
    phone.click(f"[data-testid=card-{order.pk}] .move-form button")
    phone.wait_for_selector(f"[data-column=confirmed] [data-testid=card-{order.pk}]")
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"

    phone.set_viewport_size({"width": 1366, "height": 800})
    phone.goto(f"{live_server.url}/orders/board/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 1366
    with phone.expect_response(lambda r: "/move" in r.url and r.request.method == "POST") as answer:
        phone.locator(f"[data-testid=card-{order.pk}]").drag_to(phone.locator("[data-column=allocated]"))
    assert answer.value.status in (200, 403, 422)
    phone.wait_for_selector("[data-board-status].is-ok, [data-board-status].is-error")
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/order-board-1366.png", full_page=True)
