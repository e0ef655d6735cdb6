"""The service analytics: the figures a service manager acts on, computed from cases, their
clocks and partner tasks, and each leading to the cases behind it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.fulfilment import services as fulfilment
from catena.fulfilment.tests.scenario import Chain, build_chain, stock_order
from catena.service import analytics, selectors
from catena.service.models import Case
from catena.service.services import add_reply, change_status, open_case, partners
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def test_the_percentile_is_the_flow_analytics_one_rounded_to_the_minute() -> None:
    assert analytics.percentile([], 0.5) is None
    assert analytics.percentile([30, 10, 20], 0.5) == 20
    assert analytics.percentile([60, 540], 0.5) == 300  # interpolated, as percentile_cont does
    assert analytics.percentile(list(range(1, 11)), 0.9) == 9  # 9.1
    assert analytics.percentile([5], 0.9) == 5


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def complaint(chain: Chain, agent, when: datetime, *, carrier=None) -> Case:  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        order = stock_order(chain)
        shipment = fulfilment.create_shipment(
            order, actor=chain.logistics, carrier=carrier or chain.carrier, tracking_number=f"T{when:%d%H%M}"
        )
        return open_case(
            chain.customer, actor=agent, case_type="complaint", subject="破损", order=order, shipment=shipment
        )


def test_response_resolution_breaches_and_complaints_per_carrier(chain: Chain) -> None:
    agent = f.user(Role.SERVICE)
    fast = complaint(chain, agent, at(9, 29, 9))  # first response due 13:00 … 14:00
    slow = complaint(chain, agent, at(9, 29, 10), carrier=chain.other_carrier)
    with time_machine.travel(at(9, 29, 10), tick=False):
        add_reply(fast, "已收到，正在核实。", actor=agent)  # 60 business minutes
    with time_machine.travel(at(9, 30, 11), tick=False):
        add_reply(slow, "抱歉回复晚了。", actor=agent)  # 7 + 2 = 9 business hours: late
        fast = Case.objects.get(pk=fast.pk)
        change_status(
            fast,
            "resolved",
            actor=agent,
            expected_version=fast.version,
            root_cause="carrier",
            resolution="补发",
        )

    with time_machine.travel(at(9, 30, 12), tick=False):
        figures = analytics.figures(agent, date(2025, 9, 29), date(2025, 9, 30))

    assert (figures.opened, figures.resolved) == (2, 1)
    assert len(figures.months) == 12 and figures.months[-1] == {
        "month": "2025-09",
        "opened": 2,
        "resolved": 1,
    }
    assert figures.first_response.count == 2
    assert figures.first_response.median == 300 and figures.first_response.p90 == 492  # of 60 and 540
    assert figures.first_response.met_rate == 0.5
    assert figures.orders == 2
    causes = {rate.key: rate for rate in figures.by_root_cause}
    assert causes["carrier"].count == 1 and causes["carrier"].per_thousand == 500.0
    assert causes["open"].count == 1
    carriers = {rate.key: rate.count for rate in figures.by_carrier}
    assert carriers == {chain.carrier.pk: 1, chain.other_carrier.pk: 1}

    # the drill-down shows the cases behind the figure
    drilled = selectors.case_list(agent, drill={"carrier": chain.other_carrier.pk, "complaints": True})
    assert list(drilled) == [slow]
    assert list(selectors.case_list(agent, drill={"root_cause": "carrier"})) == [fast]


def test_partners_answer_times_and_the_page(chain: Chain, client: Client) -> None:
    agent = f.user(Role.SERVICE)
    case = complaint(chain, agent, at(9, 29, 9))
    with time_machine.travel(at(9, 29, 9), tick=False):
        task = partners.open_partner_task(
            case, chain.carrier, actor=agent, partner_role="carrier", request="请说明"
        )
    with time_machine.travel(at(9, 29, 12), tick=False):
        partners.answer_partner_task(task, actor=agent, stance="accepted", answer="电话答复：我方责任")

    with time_machine.travel(at(9, 29, 13), tick=False):
        figures = analytics.figures(agent, date(2025, 9, 29), date(2025, 9, 29))
        client.force_login(agent)
        page = client.get(reverse("service:analytics"), {"days": "7"}, HTTP_ACCEPT_LANGUAGE="en")
        refused = client.get(reverse("service:analytics"), {"days": "13"})
    (row,) = figures.partner_response
    assert row["name"] == chain.carrier.name and row["median_hours"] == 3.0 and row["on_time_rate"] == 1.0
    assert page.status_code == 200 and refused.status_code == 200  # an unknown period falls back to 30 days
    assert "service-data" in page.content.decode()

    client.force_login(f.portal_user(chain.customer))
    assert client.get(reverse("service:analytics")).status_code in (302, 403)
