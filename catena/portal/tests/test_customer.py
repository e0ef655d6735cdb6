"""A customer on the portal: its own orders with their status in plain words, deliveries and documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.core.figures import format_money
from catena.fulfilment import services as flow
from catena.portal.tests.conftest import World
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
LIST = reverse("portal:order_list")
Login = Callable[[User], Client]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def detail(order: SalesOrder) -> str:
    return reverse("portal:order_detail", args=[order.pk])


def confirmation(order: SalesOrder) -> str:
    return reverse("portal:order_confirmation", args=[order.pk])


def shown(response: Any) -> list[str]:
    return [order.number for order in response.context["page_obj"]]


def test_customer_sees_only_its_own_orders(world: World, logged_in: Login) -> None:
    response = logged_in(world.customer_user).get(LIST)

    body = response.content.decode()
    assert response.status_code == 200
    own = set(SalesOrder.objects.filter(customer=world.chain.customer).values_list("number", flat=True))
    assert set(shown(response)) == own and len(own) == 2
    assert response.context["page_obj"].paginator.count == 2
    assert world.other_order.number not in body


def test_search_and_query_string_with_another_customers_order_find_nothing(
    world: World, logged_in: Login
) -> None:
    client = logged_in(world.customer_user)

    by_number = client.get(LIST, {"q": world.other_order.number})
    by_param = client.get(LIST, {"customer": world.chain.other_customer.pk, "q": ""})
    by_reference = client.get(LIST, {"q": "HD-2026"})

    assert shown(by_number) == []
    assert world.other_order.number not in shown(by_param) and len(shown(by_param)) == 2
    assert len(shown(by_reference)) == 1


def test_the_list_shows_each_orders_status_in_plain_words(world: World, logged_in: Login) -> None:
    body = logged_in(world.customer_user).get(LIST, {"state": "active"}).content.decode()

    assert "We have received your order." in body


def test_list_query_budget(world: World, logged_in: Login, django_assert_max_num_queries: Any) -> None:
    client = logged_in(world.customer_user)
    client.get(LIST)
    with django_assert_max_num_queries(10):
        client.get(LIST)


def test_detail_shows_live_status_progress_lines_and_prices_but_nothing_internal(
    world: World, logged_in: Login
) -> None:
    order = flow.move_stage(world.order, to="confirmed", actor=world.chain.sales, note="内部：已核对信用")
    response = logged_in(world.customer_user).get(detail(order))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your order is confirmed." in body
    assert response.context["progress"].done == 1
    assert 'aria-current="step"' in body
    line = order.lines.get()
    assert format_money(line.unit_price) in body and format_money(order.total_gross) in body
    assert "内部：已核对信用" not in body and "内部备注" not in body  # stage and order notes
    assert world.chain.sales.username not in body  # no internal owners
    assert "Sales" not in body and "Logistics" not in body  # no departments


def test_detail_shows_shipments_tracking_and_proof_of_delivery(world: World, logged_in: Login) -> None:
    flow.record_tracking_event(
        world.shipment, actor=world.chain.logistics, kind="picked_up", location="宁波仓"
    )
    photo = SimpleUploadedFile("pod.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    flow.record_proof_of_delivery(world.shipment, actor=world.chain.logistics, signed_by="王五", photo=photo)
    client = logged_in(world.customer_user)

    body = client.get(detail(world.order)).content.decode()
    pod = reverse("portal:shipment_pod", args=[world.shipment.pk])

    assert "SF1001" in body and "宁波仓" in body and "王五" in body
    assert pod in body and "/media/" not in body
    download = client.get(pod + "?download=1")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_another_customers_order_and_its_documents_are_404(world: World, logged_in: Login) -> None:
    client = logged_in(world.customer_user)

    assert client.get(detail(world.other_order)).status_code == 404
    assert client.get(confirmation(world.other_order)).status_code == 404
    assert client.get(reverse("portal:shipment_pod", args=[world.other_shipment.pk])).status_code == 404


def test_the_printable_order_confirmation(world: World, logged_in: Login) -> None:
    response = logged_in(world.customer_user).get(confirmation(world.order))

    body = response.content.decode()
    assert response.status_code == 200
    assert world.order.number in body and "Order confirmation" in body
    assert world.chain.customer.name in body and format_money(world.order.total_gross) in body
    assert "@media print" not in body  # print rules live in the stylesheet
    assert "portal/portal.css" in body


def test_a_partner_user_of_a_customer_party_has_no_orders_section(world: World, logged_in: Login) -> None:
    from catena.fulfilment.tests.scenario import portal_user

    partner = portal_user(world.chain.customer)  # portal_partner role, customer party

    assert logged_in(partner).get(LIST).status_code == 404
    assert logged_in(partner).get(detail(world.order)).status_code == 404
