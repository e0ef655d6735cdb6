"""A price list's prices on a phone-sized screen: every quantity break can be changed without
scrolling the page sideways."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.sales.tests.factories import PriceListFactory, PriceListItemFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")


def test_each_price_can_be_changed_on_a_phone(phone: Any, live_server: Any) -> None:
    User.objects.create_user(username="zhao", password="Catena-2026!", role=Role.MANAGER)
    price_list = PriceListFactory.create(name="华东区一级经销商年度协议价格表", currency="CNY")
    product = ProductFactory.create(
        sku="HVAC-COMPRESSOR-SCROLL-25HP", name="涡旋式压缩机 25 匹 三相 380V 冷媒 R410A", list_price=None
    )
    for quantity, price in (("1", "128500.00"), ("1000", "119999.99"), ("100000", "109876.54")):
        PriceListItemFactory.create(
            price_list=price_list, product=product, min_quantity=Decimal(quantity), unit_price=Decimal(price)
        )
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "zhao")
    phone.fill("input[name=password]", "Catena-2026!")
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")

    phone.goto(f"{live_server.url}/sales/price-lists/{price_list.pk}/")

    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    table = phone.locator("[data-testid=prices]")
    assert table.evaluate(
        "el => el.closest('.table-wrap').scrollWidth <= el.closest('.table-wrap').clientWidth"
    )
    width = phone.evaluate("window.innerWidth")
    links = table.get_by_role("link", name="Change")
    removes = table.get_by_role("button", name="Remove the price of")
    assert links.count() == removes.count() == 3
    for control in [links.nth(i) for i in range(3)] + [removes.nth(i) for i in range(3)]:
        box = control.bounding_box()  # as the page opens: nothing has been scrolled sideways
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert control.is_visible()
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/price-list-390.png", full_page=True)
