"""The chain view in headless Chromium at 200 partners: in Chinese on a desktop a group opens and a
partner is found; in English on a phone the role filter narrows the graph and the table."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import chromium_page
from catena.parties.models import Party
from catena.parties.tests.chain_network import distributor_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")


@pytest.fixture
def desktop(live_server: Any) -> Iterator[Any]:
    """A Chinese page 1366 px wide that fails the test on a JavaScript error."""
    with chromium_page(locale="zh-CN", viewport={"width": 1366, "height": 900}) as page:
        yield page


def shoot(page: Any, name: str) -> None:
    """The chain card and the table's start, once the graph has settled (CATENA_SCREENSHOTS)."""
    page.wait_for_timeout(700)
    page.locator("[data-chain]").screenshot(path=f"{SHOTS}/{name}.png")
    page.screenshot(path=f"{SHOTS}/{name}-page.png")


def sign_in_and_open_chain(page: Any, live_server: Any, party: Party) -> Any:
    User.objects.create_user(username="zhou", password="Catena-2026!", role=Role.MANAGER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "zhou")
    page.fill("input[name=password]", "Catena-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/parties/{party.pk}/?tab=chain")
    page.wait_for_selector("[data-chain-graph][data-chain-ready] canvas")
    return page.locator("[data-chain-graph]")


def click_group(page: Any, key: str) -> None:
    """Click a group's node on the canvas, where the chart draws it."""
    x, y = page.evaluate(
        """key => {
            const card = document.querySelector("[data-chain]");
            card.querySelector("[data-chain-graph]").scrollIntoView({ block: "center" });
            const chart = window.echarts.getInstanceByDom(card.querySelector("[data-chain-graph]"));
            const at = chart.convertToPixel({ seriesIndex: 0 }, card.chainView.positions["g" + key]);
            const box = card.querySelector("[data-chain-graph]").getBoundingClientRect();
            return [box.left + at[0], box.top + at[1]];
        }""",
        key,
    )
    page.mouse.click(x, y)


def test_a_group_opens_and_a_partner_is_found_in_chinese_on_a_desktop(desktop: Any, live_server: Any) -> None:
    center = distributor_network(200)
    graph = sign_in_and_open_chain(desktop, live_server, center)

    # big groups start closed, so the graph shows groups and counts, not 200 names
    expanded = graph.get_attribute("data-expanded").split()
    assert "1:retailer" not in expanded and "-1:supplier" not in expanded
    assert "-2:supplier" in expanded  # a group of one is open
    assert "1:retailer" in graph.get_attribute("data-groups").split()
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 1366
    if SHOTS:
        shoot(desktop, "chain-1366-groups")

    click_group(desktop, "1:retailer")
    expect(graph).to_have_attribute("data-expanded", re.compile(r"(^| )1:retailer( |$)"))
    if SHOTS:
        shoot(desktop, "chain-1366-open")

    customer = Party.objects.filter(name__contains="人民医院").order_by("name").last()
    assert customer is not None
    desktop.fill("[data-chain-search]", customer.name[:-4])
    desktop.press("[data-chain-search]", "Enter")
    expect(graph).to_have_attribute("data-focused", str(customer.pk))
    assert customer.name in desktop.inner_text("[data-chain-status]")
    assert "1:customer" in graph.get_attribute("data-expanded").split()
    if SHOTS:
        shoot(desktop, "chain-1366-found")


def test_the_role_filter_narrows_graph_and_table_in_english_on_a_phone(phone: Any, live_server: Any) -> None:
    center = distributor_network(200)
    graph = sign_in_and_open_chain(phone, live_server, center)
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        shoot(phone, "chain-390")

    phone.get_by_label("Retailer", exact=True).uncheck()

    expect(graph).not_to_have_attribute("data-groups", re.compile("retailer"))
    assert phone.locator("[data-chain-table] tbody[data-role=retailer]").is_hidden()
    assert phone.locator("[data-chain-table] tbody[data-role=customer]").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        shoot(phone, "chain-390-filtered")
