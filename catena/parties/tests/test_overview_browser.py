"""In headless Chromium, as a salesperson does it before a call: open a customer's page, read its
revenue, open orders and last contact above the tabs, open its orders tab and go to an order
(Chinese, desktop); the same cards on a 390 px phone in English, none wider than the screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from catena.comms.choices import Channel
from catena.comms.models import Interaction
from catena.conftest import chromium_page
from catena.fulfilment.tests.scenario import Chain, build_chain, stock_order
from catena.sales.models import SalesOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pass-Catena-2026"


@pytest.fixture
def chain() -> Chain:
    built = build_chain()
    for net in ("120000.00", "80500.50"):
        order = stock_order(built)
        SalesOrder.objects.filter(pk=order.pk).update(total_net=Decimal(net))
    Interaction.objects.create(
        party=built.customer,
        channel=Channel.PHONE,
        subject="确认年度框架合同",
        occurred_at=timezone.now() - timedelta(days=2),
        author=built.sales,
    )
    return built


def sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


@pytest.fixture
def desktop_zh(live_server: Any) -> Iterator[Any]:
    with chromium_page(locale="zh-CN", viewport={"width": 1366, "height": 900}) as page:
        yield page


def test_a_salesperson_reads_the_customer_360_and_opens_an_order_from_its_tab(
    desktop_zh: Any, live_server: Any, chain: Chain
) -> None:
    page = desktop_zh
    sign_in(page, live_server.url, chain.sales.username)
    page.goto(f"{live_server.url}/parties/{chain.customer.pk}/")

    sales = page.locator("[data-card=sales]")
    assert sales.locator("h2").inner_text() == "销售"
    revenue = sales.locator(".overview-figure", has_text="今年销售额")
    assert "200,500.50" in revenue.inner_text()
    orders = page.locator("[data-card=orders]")
    assert "未完成订单" in orders.inner_text()
    assert orders.locator(".overview-lines li").count() == 2
    contact = page.locator("[data-card=contact]")
    assert "确认年度框架合同" in contact.inner_text()
    assert "2 天前" in contact.inner_text()

    page.locator("nav.tabs a", has_text="订单").click()
    table = page.locator("#tab-panel table.record-table")
    table.wait_for()
    number = SalesOrder.objects.filter(customer=chain.customer).order_by("-ordered_at").first().number
    page.wait_for_url(f"**/parties/{chain.customer.pk}/?tab=orders")
    table.locator("a", has_text=number).click()
    page.wait_for_url("**/orders/*/")
    assert number in page.locator("h1").inner_text()


def test_the_cards_fit_a_phone_in_english(phone: Any, live_server: Any, chain: Chain) -> None:
    page = phone
    sign_in(page, live_server.url, chain.manager.username)
    page.goto(f"{live_server.url}/parties/{chain.customer.pk}/")

    overview = page.locator("[data-testid=party-overview]")
    assert "Revenue this year" in overview.inner_text()
    assert "Contact and next steps" in overview.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the cards stack: each is as wide as the screen allows
    widths = page.eval_on_selector_all(
        ".overview-card", "cards => cards.map(c => c.getBoundingClientRect().width)"
    )
    assert widths and all(w > 300 for w in widths)
