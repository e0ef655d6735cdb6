"""The flow analytics page: figures from the latest snapshot, the live board of waiting orders,
recomputing with progress, the partner tables, the empty states and who may see what."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment import services as fulfilment
from catena.fulfilment.models import OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user
from catena.insights import services
from catena.insights.choices import RunStatus
from catena.insights.models import FlowMetricRun
from catena.insights.tests import flow_data as data
from catena.insights.tests.flow_data import hours, local
from catena.insights.views import order_url_builder

pytestmark = pytest.mark.django_db
FLOW = reverse("insights:flow")
STUCK = reverse("insights:flow_stuck")


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def delivered_orders(chain: Chain) -> None:
    """Two delivered orders (48 h and 72 h), a finished stage, a received PO and a shipment."""
    for took, requested in ((48, date(2025, 3, 4)), (72, date(2025, 3, 4))):
        placed = data.order(chain)
        data.deliver(
            placed,
            ordered=local(2025, 3, 2, 9),
            delivered=local(2025, 3, 2, 9) + hours(took),
            requested=requested,
        )
        data.finish_stage(placed, "received", started=local(2025, 3, 2, 9), took=3)
    data.purchase_order(
        chain.supplier, sent=local(2025, 3, 1), received=local(2025, 3, 3), needed_by=date(2025, 3, 5)
    )
    data.shipment(
        data.order(chain), chain.carrier, promised_pickup=local(2025, 3, 3, 9), promised_delivery=local(2025, 3, 5),
        picked_up=local(2025, 3, 3, 8), delivered=local(2025, 3, 4, 8),
    )  # fmt: skip


def waiting_orders(chain: Chain) -> dict[str, object]:
    """Two orders waiting in "received" (one late), one in "confirmed" (late), one cancelled."""
    now = timezone.now()
    late, fresh, moved, cancelled = (data.order(chain) for _ in range(4))
    OrderStage.objects.filter(order=late, code="received").update(
        due_at=now - hours(5), started_at=now - hours(30)
    )
    OrderStage.objects.filter(order=fresh, code="received").update(
        due_at=now + hours(5), started_at=now - hours(1)
    )
    fulfilment.move_stage(moved, to="confirmed", actor=chain.sales)
    OrderStage.objects.filter(order=moved, code="confirmed").update(due_at=now - hours(1))
    fulfilment.set_status(cancelled, status="cancelled", actor=chain.sales, reason="客户取消")
    return {"late": late, "fresh": fresh, "moved": moved, "cancelled": cancelled}


def test_anonymous_visitors_sign_in_and_portal_users_are_refused(client: Client, chain: Chain) -> None:
    assert client.get(FLOW).status_code == 302
    client.force_login(portal_user(chain.customer, Role.PORTAL_CUSTOMER))
    for url in (FLOW, STUCK, reverse("insights:flow_partners", args=["supplier"])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("insights:flow_recompute")).status_code == 403


def test_before_any_computation_the_page_says_how_figures_come(
    reader: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    page = logged_in(reader).get(FLOW).content.decode()

    assert 'data-testid="flow-empty"' in page and "No flow figures yet" in page
    assert "A manager or an administrator can compute them now." in page
    assert "Recompute" not in page  # a reader may not start a computation
    assert 'data-testid="stuck-empty"' in page
    assert "Recompute" in logged_in(manager).get(FLOW).content.decode()


def test_a_computation_over_no_orders_says_nothing_has_flowed(
    reader: User, logged_in: Callable[[User], Client]
) -> None:
    services.compute_flow_metrics()

    page = logged_in(reader).get(FLOW).content.decode()

    assert "Nothing has flowed yet" in page and 'data-testid="last-computed"' in page


def test_the_page_shows_the_latest_figures_and_chart_data(
    chain: Chain, reader: User, logged_in: Callable[[User], Client], django_assert_max_num_queries
) -> None:
    delivered_orders(chain)
    services.compute_flow_metrics()
    client = logged_in(reader)

    with django_assert_max_num_queries(11):
        response = client.get(FLOW)

    page = response.content.decode()
    assert 'data-testid="delivered-count">2<' in page
    assert 'data-testid="delivered-median">2.5 d<' in page  # 60 hours
    assert 'data-testid="delivered-on-time">50.0%<' in page
    assert chain.supplier.name in page and chain.carrier.name in page
    assert reverse("parties:party_detail", args=[chain.supplier.pk]) in page
    chart = json.loads(page.split('<script id="flow-data" type="application/json">')[1].split("</script>")[0])
    assert [w["week"] for w in chart["weeks"]] == ["2025-W10"]
    assert chart["weeks"][0]["median"] == 2.5  # in days
    assert {s["key"]: s["median"] for s in chart["stages"]} == {"received": 3.0, "delivered": 24.0}
    assert {d["key"] for d in chart["departments"]} == {"sales", "logistics"}
    assert "insights/flow_charts.js" in page


def test_in_chinese_the_stages_and_partner_columns_are_named_in_chinese(
    chain: Chain, reader: User, logged_in: Callable[[User], Client]
) -> None:
    delivered_orders(chain)
    waiting_orders(chain)
    services.compute_flow_metrics()
    client = logged_in(reader)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": FLOW})

    page = client.get(FLOW).content.decode()

    chart = json.loads(page.split('<script id="flow-data" type="application/json">')[1].split("</script>")[0])
    assert {s["key"]: s["label"] for s in chart["stages"]} == {"received": "已接收", "delivered": "已送达"}
    assert [row.label for row in client.get(FLOW).context["board"].stages] == ["已接收", "已确认"]
    for english in ("Received", "Delivered", "Promises kept", "Picked up on time"):
        assert english not in page


def test_the_page_reads_the_order_of_the_stages_once(
    chain: Chain, reader: User, logged_in: Callable[[User], Client]
) -> None:
    delivered_orders(chain)
    waiting_orders(chain)
    services.compute_flow_metrics()
    client = logged_in(reader)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(FLOW)

    assert [s.key for s in response.context["overview"].stages] == ["received", "delivered"]
    assert [row.key for row in response.context["board"].stages] == ["received", "confirmed"]
    steps = [q["sql"] for q in queries.captured_queries if 'FROM "fulfilment_flowstep"' in q["sql"]]
    assert len(steps) == 1, steps


def test_partner_tables_sort_by_a_figure(
    chain: Chain, reader: User, logged_in: Callable[[User], Client]
) -> None:
    sent = local(2025, 3, 1)
    data.purchase_order(chain.supplier, sent=sent, received=sent + hours(10), needed_by=date(2025, 3, 5))
    data.purchase_order(
        chain.other_supplier, sent=sent, received=sent + hours(90), needed_by=date(2025, 3, 2)
    )
    services.compute_flow_metrics()
    client = logged_in(reader)

    slow_first = client.get(FLOW, {"supplier_sort": "-median_hours"}).content.decode()
    fast_first = client.get(FLOW, {"supplier_sort": "median_hours"}).content.decode()

    assert slow_first.index(chain.other_supplier.name) < slow_first.index(chain.supplier.name)
    assert fast_first.index(chain.supplier.name) < fast_first.index(chain.other_supplier.name)
    assert client.get(FLOW, {"supplier_sort": "password"}).status_code == 200  # unknown sort: the default
    listing = client.get(reverse("insights:flow_partners", args=["supplier"]), {"sort": "-on_time_rate"})
    text = listing.content.decode()
    assert listing.status_code == 200 and text.index(chain.supplier.name) < text.index(
        chain.other_supplier.name
    )
    htmx = client.get(reverse("insights:flow_partners", args=["carrier"]), headers={"HX-Request": "true"})
    assert (
        "<html" not in htmx.content.decode()
        and "No shipment has been picked up yet." in htmx.content.decode()
    )
    assert client.get(reverse("insights:flow_partners", args=["customer"])).status_code == 404


def test_the_board_counts_waiting_and_late_orders_live(
    chain: Chain, reader: User, logged_in: Callable[[User], Client]
) -> None:
    waiting_orders(chain)

    response = logged_in(reader).get(FLOW)

    board = response.context["board"]
    stages = {row.key: (row.count, row.late) for row in board.stages}
    assert stages == {"received": (2, 1), "confirmed": (1, 1)}  # the cancelled order is not waiting
    assert [(row.key, row.count, row.late) for row in board.departments] == [("sales", 3, 2)]
    assert board.stages[0].key == "received" and round(board.stages[0].oldest_hours) == 30
    assert f"{STUCK}?stage=received&amp;late=1" in response.content.decode()


def test_the_board_lists_the_orders_behind_a_count(
    chain: Chain, reader: User, logged_in: Callable[[User], Client], django_assert_max_num_queries
) -> None:
    orders = waiting_orders(chain)
    client = logged_in(reader)

    with django_assert_max_num_queries(5):  # 4, and 1 for the counts in the navigation
        late = client.get(STUCK, {"stage": "received", "late": "1"})
    everyone = client.get(STUCK, {"department": "sales"}).content.decode()

    text = late.content.decode()
    assert orders["late"].number in text and orders["fresh"].number not in text
    assert "Late in: Received" in text
    link = order_url_builder()(orders["late"].pk)
    if link:  # the order page exists once fulfilment publishes it
        assert f'href="{link}"' in text
    for key in ("late", "fresh", "moved"):
        assert orders[key].number in everyone
    assert orders["cancelled"].number not in everyone
    assert everyone.index(orders["late"].number) < everyone.index(
        orders["fresh"].number
    )  # most overdue first


def test_a_bad_board_filter_is_refused_with_its_reason(
    reader: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(reader).get(STUCK, {"department": "kitchen"})

    assert response.status_code == 400
    assert "Department" in response.content.decode() and "kitchen" in response.content.decode()


def test_a_manager_recomputes_and_the_page_reloads_when_done(
    chain: Chain, manager: User, logged_in: Callable[[User], Client], django_capture_on_commit_callbacks
) -> None:
    delivered_orders(chain)
    client = logged_in(manager)

    with django_capture_on_commit_callbacks(execute=True):  # the task runs once the request commits
        response = client.post(reverse("insights:flow_recompute"), headers={"HX-Request": "true"})
    run = FlowMetricRun.objects.get()
    poll = client.get(reverse("insights:flow_run", args=[run.pk]), headers={"HX-Request": "true"})

    assert response.status_code == 200 and 'hx-trigger="every 1s"' in response.content.decode()
    assert run.status == RunStatus.DONE and run.requested_by == manager and run.orders_measured == 2
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"
    without_htmx = client.post(reverse("insights:flow_recompute"))
    assert without_htmx.status_code == 302 and without_htmx["Location"] == FLOW


def test_a_waiting_run_shows_its_progress_and_is_polled(
    manager: User, reader: User, logged_in: Callable[[User], Client]
) -> None:
    run = FlowMetricRun.objects.create(status=RunStatus.RUNNING, steps_done=2, steps_total=6)
    client = logged_in(reader)

    page = client.get(FLOW).content.decode()
    fragment = client.get(reverse("insights:flow_run", args=[run.pk]), headers={"HX-Request": "true"})

    poll = reverse("insights:flow_run", args=[run.pk])
    assert f'hx-get="{poll}"' in page and 'hx-trigger="every 1s"' in page and "Step 2 of 6" in page
    assert "<html" not in fragment.content.decode() and "Step 2 of 6" in fragment.content.decode()
    with_manager = logged_in(manager).post(reverse("insights:flow_recompute"), headers={"HX-Request": "true"})
    assert (
        FlowMetricRun.objects.count() == 1 and "Step 2 of 6" in with_manager.content.decode()
    )  # no second run


def test_a_failed_run_says_why_to_administrators_only(
    reader: User, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    run = FlowMetricRun.objects.create(status=RunStatus.FAILED, message="OperationalError: timeout")
    url = reverse("insights:flow_run", args=[run.pk])

    told = logged_in(reader).get(url, headers={"HX-Request": "true"}).content.decode()
    admin = logged_in(make_user(Role.ADMINISTRATOR)).get(url, headers={"HX-Request": "true"}).content.decode()

    assert "The computation failed." in told and "OperationalError" not in told
    assert "The computation failed:" in admin and "timeout" in admin


def test_staff_who_may_not_recompute_are_refused(sales: User, logged_in: Callable[[User], Client]) -> None:
    response = logged_in(sales).post(reverse("insights:flow_recompute"))

    assert response.status_code == 403 and not FlowMetricRun.objects.exists()


def test_the_stuck_orders_title_names_the_stage_in_chinese(
    chain: Chain, reader: User, logged_in: Callable[[User], Client]
) -> None:
    orders = waiting_orders(chain)
    client = logged_in(reader)
    zh = {"accept-language": "zh-hans"}

    late = client.get(STUCK, {"stage": "received", "late": "1"}, headers=zh).content.decode()
    waiting = client.get(STUCK, {"stage": "received"}, headers=zh).content.decode()

    assert "在“已接收”阶段逾期的订单" in late and "停留在“已接收”阶段的订单" in waiting
    assert "Received" not in late + waiting
    assert orders["late"].number in late
    assert " 月" not in late  # durations in 个月, never a month's name
