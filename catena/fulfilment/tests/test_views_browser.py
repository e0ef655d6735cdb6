"""The order pages in headless Chromium on a phone-sized screen: the Gantt chart draws, nothing
overflows, htmx posts pass CSRF, and the new-order form's pickers and added lines work."""

from __future__ import annotations

from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment.tests.scenario import build_chain, stock_order
from catena.sales.models import SalesOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "pass-Catena-2026"


def sign_in(page: Any, live_server: Any, username: str, next_url: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")


def test_the_order_360_fits_a_phone_and_moves_with_htmx(phone: Any, live_server: Any) -> None:
    chain = build_chain()
    order = stock_order(chain)
    User.objects.create_user(username="boss", password=PASSWORD, role=Role.MANAGER)

    sign_in(phone, live_server, "boss", f"/orders/{order.pk}/")
    phone.wait_for_selector("[data-stage-gantt] canvas")

    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("[data-testid=move-confirmed]")
    phone.wait_for_selector("[data-testid=outcome-ok]")
    phone.wait_for_selector("[data-stage-gantt] canvas")  # the swapped body draws its chart again
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"
    assert "Your order is confirmed." in phone.inner_text("[data-testid=customer-status]")


def test_the_new_order_form_picks_a_customer_and_adds_lines(phone: Any, live_server: Any) -> None:
    chain = build_chain()
    chain.sales.set_password(PASSWORD)
    chain.sales.save()

    sign_in(phone, live_server, chain.sales.username, "/orders/new/")
    phone.fill("#id_customer_name", "华东")
    phone.click(f".picker-option[data-pick-id='{chain.customer.pk}']")
    phone.wait_for_selector(f"#id_ship_to option[value='{chain.ship_to.pk}']", state="attached")
    phone.select_option("#id_ship_to", str(chain.ship_to.pk))
    phone.fill("#id_lines-0-product_name", "W-1")
    phone.click(f".picker-option[data-pick-id='{chain.widget.pk}']")
    phone.fill("#id_lines-0-quantity", "2")
    phone.click("#add-line")
    phone.wait_for_selector("#id_lines-1-product_name")
    assert phone.get_attribute("#id_lines-TOTAL_FORMS", "value") == "2"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with phone.expect_navigation():
        phone.click("button:has-text('Place order')")

    order = SalesOrder.objects.get()
    assert order.customer == chain.customer and order.ship_to == chain.ship_to
    assert order.lines.get().quantity == 2
