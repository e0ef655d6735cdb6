"""Search everywhere in headless Chromium: Ctrl+K opens the palette, an order is found by its
number and a product by its SKU, and the keyboard or a tap opens them (zh-Hans on a desktop,
English on a phone)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import chromium_page
from catena.fulfilment.tests.scenario import build_chain, stock_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def desktop(live_server: Any) -> Iterator[Any]:
    """A desktop page in headless Chromium in Chinese that fails on a JavaScript error."""
    with chromium_page(locale="zh-CN", viewport={"width": 1280, "height": 900}) as page:
        yield page


def sign_in(page: Any, live_server: Any, role: str = Role.SALES) -> None:
    User.objects.create_user(username="zhou", password="Catena-2026!", role=role)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "zhou")
    page.fill("input[name=password]", "Catena-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_ctrl_k_finds_an_order_by_number_and_a_product_by_sku(desktop: Any, live_server: Any) -> None:
    page = desktop
    chain = build_chain()
    order = stock_order(chain)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/parties/")
    palette = page.locator("dialog[data-palette]")

    page.keyboard.press("Control+k")
    assert palette.is_visible()
    box = palette.get_by_role("combobox")
    assert box.evaluate("el => el === document.activeElement")
    # with nothing typed it offers the commands this user may run
    palette.get_by_role("option", name="新建报价单").wait_for()

    box.fill(order.number.lower())
    option = palette.get_by_role("option", name=order.number).first
    option.wait_for()
    assert palette.get_by_role("group", name="销售订单").count() == 1
    assert option.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/orders/{order.pk}/")

    # "/" opens it too (not while typing in a field); arrows move, Enter opens the product
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert palette.is_visible()
    box.fill("m-5")
    palette.get_by_role("option", name="M-500 商用洗碗机").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/products/{chain.machine.pk}/")

    # Escape closes it
    page.keyboard.press("Control+k")
    page.keyboard.press("Escape")
    assert not palette.is_visible()


def test_on_a_phone_the_search_box_opens_the_palette(phone: Any, live_server: Any) -> None:
    chain = build_chain()
    order = stock_order(chain)
    sign_in(phone, live_server)
    phone.click("[data-toggle-nav]")
    phone.click("header input[name=q]")
    palette = phone.locator("dialog[data-palette]")
    assert palette.is_visible()
    width = palette.evaluate("el => el.getBoundingClientRect().right")
    assert width <= 390
    palette.get_by_role("combobox").fill(order.number)
    palette.get_by_role("group", name="Sales orders").wait_for()
    palette.get_by_role("combobox").fill("W-100")
    phone.get_by_role("option", name="W-100 电热水壶").click()
    phone.wait_for_url(f"**/products/{chain.widget.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
