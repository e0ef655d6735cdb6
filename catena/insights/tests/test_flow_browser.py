"""The flow page in headless Chromium on a phone-sized screen: charts draw, nothing overflows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment.tests.scenario import build_chain
from catena.insights import services
from catena.insights.choices import RunStatus
from catena.insights.models import FlowMetricRun
from catena.insights.tests import flow_data as data
from catena.insights.tests.flow_data import hours, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_flow_page_fits_a_phone_and_recomputes(phone: Any, live_server: Any) -> None:
    chain = build_chain()
    for took in (30, 50, 90):
        placed = data.order(chain)
        data.deliver(
            placed,
            ordered=local(2025, 3, 3, 9),
            delivered=local(2025, 3, 3, 9) + hours(took),
            requested=date(2025, 3, 5),
        )
        data.finish_stage(placed, "received", started=local(2025, 3, 3, 9), took=took / 10)
    services.compute_flow_metrics()
    User.objects.create_user(username="boss", password="pass-Catena-2026", role=Role.MANAGER)

    phone.goto(f"{live_server.url}/accounts/login/?next=/flow/")
    phone.fill("input[name=username]", "boss")
    phone.fill("input[name=password]", "pass-Catena-2026")
    phone.click("main button[type=submit]")
    phone.wait_for_selector("[data-flow-chart=weeks] canvas")
    phone.wait_for_selector("[data-flow-chart=stages] canvas")

    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.inner_text("[data-testid=delivered-count]") == "3"
    assert phone.inner_text("[data-testid=delivered-on-time]") == "66.7%"
    with phone.expect_navigation():  # done: the page reloads with the new snapshot
        phone.click("text=Recompute")
    phone.wait_for_selector("[data-flow-chart=weeks] canvas")
    assert FlowMetricRun.objects.filter(status=RunStatus.DONE).count() == 2
