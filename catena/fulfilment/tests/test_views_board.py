"""The order board: active orders by the stage they are in, moved by drag and drop (the API's
move with the version the card was drawn with) or by the card's stage menu."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.models import User
from catena.fulfilment import services
from catena.fulfilment.choices import ShipmentStatus, StageState
from catena.fulfilment.models import OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order
from catena.insights.tests.flow_data import purchase_order, shipment
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
BOARD = reverse("fulfilment:order_board")


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def _column_of(page: str, card: int) -> str:
    """The stage code of the column holding card ``card`` on the rendered board."""
    at = page.index(f'data-testid="card-{card}"')
    return page[:at].rsplit('data-column="', 1)[1].split('"', 1)[0]


def test_orders_sit_in_the_column_of_their_stage(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    received = stock_order(chain)
    confirmed = services.move_stage(stock_order(chain), to="confirmed", actor=chain.sales)

    response = logged_in(chain.sales).get(BOARD)

    page = response.content.decode()
    assert response.status_code == 200
    assert _column_of(page, received.pk) == "received"
    assert _column_of(page, confirmed.pk) == "confirmed"
    columns = {c.code: c for c in response.context["columns"]}
    assert columns["received"].count == 1 and columns["confirmed"].count == 1
    assert f'data-version="{confirmed.version}"' in page


def test_the_order_list_links_to_the_board(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    page = logged_in(chain.sales).get(reverse("fulfilment:order_list")).content.decode()
    assert f'href="{BOARD}"' in page


def test_a_portal_user_gets_no_board(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    stock_order(chain)
    response = logged_in(portal_user(chain.customer)).get(BOARD)
    assert response.status_code in (302, 403)
    assert "data-drag-board" not in response.content.decode()


def test_a_drag_with_a_stale_version_is_409_and_the_card_stays(
    chain: Chain, logged_in: Callable[[User], Client]
) -> None:
    order = stock_order(chain)
    client = logged_in(chain.sales)
    drawn = client.get(BOARD).content.decode()
    assert f'data-move-url="/api/v1/orders/{order.pk}/move"' in drawn
    services.move_stage(order, to="confirmed", actor=chain.manager)  # someone else, meanwhile

    response = client.post(
        f"/api/v1/orders/{order.pk}/move",
        json.dumps({"to": "allocated", "version": order.version}),
        content_type="application/json",
    )

    assert response.status_code == 409
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"
    assert _column_of(client.get(BOARD).content.decode(), order.pk) == "confirmed"


def test_a_drag_to_a_stage_whose_fact_is_missing_is_422_with_the_reason(
    chain: Chain, logged_in: Callable[[User], Client]
) -> None:
    order = stock_order(chain)
    response = logged_in(chain.sales).post(
        f"/api/v1/orders/{order.pk}/move",
        json.dumps({"to": "shipped", "version": order.version}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"]
    assert SalesOrder.objects.get(pk=order.pk).stage == "received"


def test_a_drag_of_another_departments_stage_is_403(
    chain: Chain, logged_in: Callable[[User], Client]
) -> None:
    order = stock_order(chain)  # "received" belongs to sales
    response = logged_in(chain.logistics).post(
        f"/api/v1/orders/{order.pk}/move",
        json.dumps({"to": "confirmed", "version": order.version}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert SalesOrder.objects.get(pk=order.pk).stage == "received"


def test_the_stage_menu_moves_and_comes_back_to_the_board(
    chain: Chain, logged_in: Callable[[User], Client]
) -> None:
    order = stock_order(chain)
    client = logged_in(chain.sales)
    response = client.post(
        reverse("fulfilment:order_board_move", args=[order.pk]),
        {"to": "confirmed", "version": order.version, "next": BOARD + "?q=x"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == BOARD + "?q=x"
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"

    stale = client.post(
        reverse("fulfilment:order_board_move", args=[order.pk]),
        {"to": "allocated", "version": order.version},
        follow=True,
    )
    assert "Someone else changed this record" in stale.content.decode()
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"


def test_late_orders_link_to_the_filtered_list(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    late = stock_order(chain)
    stock_order(chain)
    OrderStage.objects.filter(order=late, state=StageState.ACTIVE).update(
        due_at=timezone.now() - timedelta(days=1)
    )
    client = logged_in(chain.sales)
    page = client.get(BOARD).content.decode()
    link = reverse("fulfilment:order_list") + "?stage=received&amp;late=1"
    assert link in page
    listed = client.get(link.replace("&amp;", "&"))
    assert [o.pk for o in listed.context["page_obj"]] == [late.pk]


def test_drill_down_lists_honour_their_filters(chain: Chain, logged_in: Callable[[User], Client]) -> None:
    today = timezone.localdate()
    sent = timezone.now() - timedelta(days=20)
    late = purchase_order(
        chain.supplier, sent=sent, received=None, needed_by=today, promised=today - timedelta(days=2)
    )
    purchase_order(
        chain.other_supplier, sent=sent, received=None, needed_by=today, promised=today - timedelta(days=2)
    )
    placed = stock_order(chain)
    exception = shipment(
        placed,
        chain.carrier,
        promised_pickup=None,
        promised_delivery=None,
        picked_up=None,
        delivered=None,
        status=ShipmentStatus.EXCEPTION,
    )
    shipment(
        placed,
        chain.other_carrier,
        promised_pickup=None,
        promised_delivery=None,
        picked_up=None,
        delivered=None,
        status=ShipmentStatus.EXCEPTION,
    )
    client = logged_in(chain.purchasing)

    pos = client.get(reverse("fulfilment:po_list") + f"?overdue=1&supplier={chain.supplier.pk}")
    assert [p.pk for p in pos.context["page_obj"]] == [late.pk]
    shipments = client.get(
        reverse("fulfilment:shipment_list") + f"?status=exception&carrier={chain.carrier.pk}"
    )
    assert [s.pk for s in shipments.context["page_obj"]] == [exception.pk]


def test_the_board_reads_a_fixed_number_of_queries(
    chain: Chain, logged_in: Callable[[User], Client], django_assert_num_queries: Any
) -> None:
    client = logged_in(chain.sales)
    stock_order(chain)
    client.get(BOARD)
    with django_assert_num_queries(QUERIES) as first:
        client.get(BOARD)
    for _ in range(4):
        services.move_stage(stock_order(chain), to="confirmed", actor=chain.sales)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(BOARD)


QUERIES = 7  # session, user, the navigation counts, the stage codes, counts, cards, owners of the filter
