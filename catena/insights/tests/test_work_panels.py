"""The home page's role panels: each role sees what it acts on, read through the access policy,
every chart bar links to a list that honours the filter, and the page's queries stay fixed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment.choices import ShipmentStatus, StageState
from catena.fulfilment.models import OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order
from catena.insights.selectors import work
from catena.insights.tests.flow_data import purchase_order, shipment
from catena.sales.choices import QuoteStatus
from catena.sales.models import Quote
from catena.sales.tests.factories import opportunity, step

pytestmark = pytest.mark.django_db
HOME = reverse("insights:home")


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def _late(order: Any) -> None:
    OrderStage.objects.filter(order=order, state=StageState.ACTIVE).update(
        due_at=timezone.now() - timedelta(days=2)
    )


def _quote(chain: Chain, number: str, *, status: str = QuoteStatus.SENT) -> Quote:
    return Quote.objects.create(
        number=number,
        customer=chain.customer,
        status=status,
        valid_until=timezone.localdate() + timedelta(days=14),
        currency="CNY",
        owner=chain.sales,
    )


def _data(response: Any) -> dict[str, Any]:
    return response.context["work_data"]


def test_a_sales_user_sees_the_sales_panel_only(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    opportunity(name="华东年度框架", owner=chain.sales, amount=Decimal("1250000"), step=step("proposal"))
    _quote(chain, "Q-0001")
    _quote(chain, "Q-0002", status=QuoteStatus.DRAFT)
    late = stock_order(chain)
    _late(late)
    stock_order(chain)  # on time: not at risk

    response = logged_in(chain.sales).get(HOME)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="panel-sales"' in page
    assert 'data-testid="panel-operations"' not in page and 'data-testid="panel-management"' not in page
    assert response.context["quotes_count"] == 1 and [q.number for q in response.context["quotes"]] == [
        "Q-0001"
    ]
    assert response.context["risk_count"] == 1 and response.context["at_risk"][0].pk == late.pk
    pipeline = _data(response)["pipeline"]
    proposal = pipeline["categories"].index(str(step("proposal").display_name))
    assert pipeline["counts"][proposal] == 1
    assert pipeline["series"] == [
        {"name": "CNY", "data": [1250000.0 if i == proposal else 0.0 for i in range(len(pipeline["counts"]))]}
    ]
    assert pipeline["urls"][proposal] == reverse("sales:opportunity_board") + "?stage=proposal"
    assert "departments" not in _data(response) and "revenue" not in _data(response)


def test_the_weighted_forecast_is_amount_times_probability_by_month(chain: Chain) -> None:
    today = timezone.localdate()
    opportunity(owner=chain.sales, amount=Decimal("200000"), probability=25, expected_close=today)
    opportunity(
        owner=chain.sales, amount=Decimal("100000"), probability=50, expected_close=today - timedelta(days=40)
    )
    forecast = work.weighted_forecast(chain.sales)
    assert forecast[0]["month"] == today.strftime("%Y-%m")
    assert forecast[0]["count"] == 2 and forecast[0]["amounts"] == {"CNY": Decimal("100000.00")}
    assert all(m["count"] == 0 for m in forecast[1:])


def test_operations_see_stages_by_department_late_promises_and_exceptions(
    chain: Chain, logged_in: Callable[[User], Client]
) -> None:
    _late(stock_order(chain))
    stock_order(chain)
    today = timezone.localdate()
    sent = timezone.now() - timedelta(days=20)
    purchase_order(
        chain.supplier, sent=sent, received=None, needed_by=today, promised=today - timedelta(days=3)
    )
    purchase_order(chain.other_supplier, sent=sent, received=None, needed_by=today + timedelta(days=9))
    placed = stock_order(chain)
    shipment(
        placed,
        chain.carrier,
        promised_pickup=None,
        promised_delivery=None,
        picked_up=None,
        delivered=None,
        status=ShipmentStatus.EXCEPTION,
    )

    response = logged_in(chain.purchasing).get(HOME)

    page = response.content.decode()
    assert 'data-testid="panel-operations"' in page and 'data-testid="panel-sales"' not in page
    departments = _data(response)["departments"]
    assert sum(departments["late"]) == 1 and sum(departments["waiting"]) == 2
    assert departments["late_urls"][departments["late"].index(1)].endswith("&late=on")
    assert response.context["late_po_count"] == 1
    assert _data(response)["suppliers"]["urls"] == [
        reverse("fulfilment:po_list") + f"?overdue=1&supplier={chain.supplier.pk}"
    ]
    assert response.context["exception_count"] == 1
    assert _data(response)["carriers"]["urls"] == [
        reverse("fulfilment:shipment_list") + f"?status=exception&carrier={chain.carrier.pk}"
    ]
    # no purchase amounts: the panel counts, whoever reads it
    assert "total_net" not in json.dumps(_data(response))


def test_managers_see_every_panel_with_this_month_marked_partial(
    chain: Chain, logged_in: Callable[[User], Client]
) -> None:
    stock_order(chain)
    response = logged_in(chain.manager).get(HOME)
    page = response.content.decode()
    for panel in ("sales", "operations", "management"):
        assert f'data-testid="panel-{panel}"' in page
    revenue = _data(response)["revenue"]
    assert revenue["partial"][-1] is True and not any(revenue["partial"][:-1])
    assert revenue["counts"][-1] == 1 and revenue["series"][0]["name"] == "CNY"


@pytest.mark.parametrize("role", [Role.MARKETING, Role.READ_ONLY])
def test_roles_without_a_panel_keep_the_general_dashboard(
    role: str, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(make_user(role)).get(HOME)
    assert response.status_code == 200
    assert "panel-sales" not in response.content.decode()
    assert "work-data" not in response.content.decode()


def test_a_portal_user_reads_no_panel_data(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    _late(stock_order(chain))
    partner = portal_user(chain.supplier)
    assert work.stages_by_department(partner) == []
    assert work.orders_at_risk(partner) == (0, [])
    assert work.pipeline_by_stage(partner) and all(s.count == 0 for s in work.pipeline_by_stage(partner))
    response = logged_in(partner).get(HOME)
    assert response.status_code == 302 and response["Location"] == "/portal/"


def test_empty_panels_say_what_to_do(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    page = logged_in(make_user(Role.MANAGER)).get(HOME).content.decode()
    assert "No open deals." in page
    assert "No order is waiting in any stage." in page
    assert "No flow figures yet" in page


def test_the_unfinished_week_is_marked_partial(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(make_user(Role.SALES)).get(HOME)
    weeks = response.context["chart_data"]["weeks"]
    assert weeks[-1]["partial"] is True and not any(w["partial"] for w in weeks[:-1])
    assert response.context["chart_data"]["labels"]["so_far"] == "so far"
    assert work.week_is_partial(date(2026, 12, 7), today=date(2026, 12, 9))
    assert not work.week_is_partial(date(2026, 11, 30), today=date(2026, 12, 7))


def test_query_count_does_not_grow_with_the_data(
    chain: Chain, logged_in: Callable[[User], Client], django_assert_num_queries: Any
) -> None:
    client = logged_in(chain.manager)
    for i in range(2):
        opportunity(owner=chain.manager, amount=Decimal("1000"))
        _quote(chain, f"Q-S{i}")
        _late(stock_order(chain, owner=chain.manager))
    client.get(HOME)  # warm the session and caches
    with django_assert_num_queries(QUERIES) as first:
        client.get(HOME)
    for i in range(4):
        opportunity(owner=chain.manager, amount=Decimal("1000"), step=step("proposal"))
        _quote(chain, f"Q-M{i}")
        _late(stock_order(chain, owner=chain.manager))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(HOME)


QUERIES = 25  # session, user, the navigation counts, the general dashboard and each panel's grouped reads
