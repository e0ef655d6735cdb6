"""The opportunity board in headless Chromium on a phone-sized screen: columns scroll sideways and
a card moves with htmx (a real POST with the CSRF header)."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.sales.models import Opportunity
from catena.sales.tests.factories import opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")


def test_a_card_moves_on_a_phone(phone: Any, live_server: Any) -> None:
    user = User.objects.create_user(username="wang", password="Catena-2026!", role=Role.SALES)
    deal = opportunity(name="苏州工厂扩建", owner=user, amount=Decimal("880000"))
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "wang")
    phone.fill("input[name=password]", "Catena-2026!")
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")

    phone.goto(f"{live_server.url}/sales/opportunities/")
    board = phone.locator("#board")
    # the page itself does not scroll sideways: the board does
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert board.evaluate("el => el.scrollWidth > el.clientWidth")
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/board-390.png", full_page=True)

    with phone.expect_response(lambda r: "/move/" in r.url and r.request.method == "POST") as answer:
        phone.select_option(f"#move-{deal.pk}", label="Negotiation")
    assert answer.value.status == 200
    phone.wait_for_selector(f"[data-step=negotiation] [data-testid=card-{deal.pk}]")
    assert Opportunity.objects.get(pk=deal.pk).step.code == "negotiation"

    phone.goto(f"{live_server.url}/sales/pipeline/")
    phone.wait_for_selector("[data-pipeline-chart] canvas")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/pipeline-390.png", full_page=True)


def test_a_quote_gets_a_line_and_becomes_an_order_on_a_phone(phone: Any, live_server: Any) -> None:
    from catena.sales.models import Quote, SalesOrder
    from catena.sales.tests.factories import ProductFactory, customer

    User.objects.create_user(username="li", password="Catena-2026!", role=Role.SALES)
    ProductFactory.create(sku="AC-9", name="商用空调", list_price=Decimal("5200.00"))
    buyer = customer(name="南京金陵酒店")
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "li")
    phone.fill("input[name=password]", "Catena-2026!")
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")

    phone.goto(f"{live_server.url}/sales/quotes/new/")
    phone.fill("#id_customer_search", "金陵")
    phone.click(f"[data-pick-id='{buyer.pk}']")
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/sales/quotes/*/")
    quote = Quote.objects.get()

    phone.fill("input[name=sku]", "AC-9")
    phone.fill("input[name=quantity]", "3")
    phone.click("[data-testid=add-line]")
    phone.wait_for_selector("text=15,600.00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/quote-390.png", full_page=True)

    with phone.expect_navigation():
        phone.click("[data-testid=send]")
    phone.wait_for_selector("[data-testid=accept]")
    with phone.expect_navigation():
        phone.click("[data-testid=accept]")
    order = SalesOrder.objects.get()
    assert Quote.objects.get(pk=quote.pk).order == order and order.total_net == Decimal("15600.00")
    assert str(order.pk) in phone.url or f"/sales/quotes/{quote.pk}/" in phone.url
