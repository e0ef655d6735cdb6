"""What we pay suppliers is a cost: a purchase-order line priced from the standard cost (or typed
by a buyer) is read only by those who may read costs (and by the supplier, whose price it is),
in the API and on the pages. The standard cost is copied into a line only for a buyer who may
read it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.catalog import services as catalog
from catena.fulfilment import services
from catena.fulfilment.models import PurchaseOrder
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, user

pytestmark = pytest.mark.django_db

COST = Decimal("123.45")


@pytest.fixture
def chain() -> Chain:
    return build_chain()


@pytest.fixture
def priced_from_cost(chain: Chain) -> PurchaseOrder:
    """A line without a price, for a product the supplier has no price for: the cost is copied."""
    chain.widget.standard_cost = COST
    chain.widget.save()
    return services.create_purchase_order(
        chain.supplier,
        actor=chain.purchasing,
        lines=[services.POLineInput(product=chain.widget, quantity=2)],
        needed_by=timezone.localdate() + timedelta(days=7),
        send=True,
    )


@pytest.fixture
def cost_hidden_from_buyers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration where buyers place purchase orders but may not read costs."""
    monkeypatch.setitem(roles.FIELD_READERS, "product.standard_cost", frozenset({Role.ADMINISTRATOR}))
    roles.fields_of.cache_clear()
    request.addfinalizer(roles.fields_of.cache_clear)


def test_a_line_without_a_price_takes_the_standard_cost_for_a_buyer(priced_from_cost: PurchaseOrder) -> None:
    line = priced_from_cost.lines.get()

    assert line.unit_price == COST and priced_from_cost.total_net == 2 * COST


@pytest.mark.parametrize("role", [Role.PURCHASING, Role.MANAGER, Role.ADMINISTRATOR])
def test_those_who_read_costs_read_purchase_prices(
    chain: Chain, priced_from_cost: PurchaseOrder, api_client: Any, role: str
) -> None:
    answer = api_client(user(role)).get(f"/api/v1/purchase-orders/{priced_from_cost.pk}").json()

    assert Decimal(answer["lines"][0]["unit_price"]) == COST
    assert Decimal(answer["total_net"]) == 2 * COST


@pytest.mark.parametrize("role", [Role.SALES, Role.SERVICE, Role.LOGISTICS, Role.READ_ONLY])
def test_other_staff_read_the_purchase_order_but_not_its_prices(
    chain: Chain, priced_from_cost: PurchaseOrder, api_client: Any, role: str
) -> None:
    client = api_client(user(role))

    detail = client.get(f"/api/v1/purchase-orders/{priced_from_cost.pk}")
    (row,) = client.get("/api/v1/purchase-orders/").json()["items"]

    assert detail.status_code == 200
    assert detail.json()["lines"][0]["quantity"] == "2.000"
    assert detail.json()["lines"][0]["unit_price"] is None and detail.json()["total_net"] is None
    assert row["total_net"] is None


def test_the_supplier_reads_the_price_it_is_asked_for(
    chain: Chain, priced_from_cost: PurchaseOrder, api_client: Any
) -> None:
    answer = (
        api_client(portal_user(chain.supplier)).get(f"/api/v1/purchase-orders/{priced_from_cost.pk}").json()
    )

    assert Decimal(answer["lines"][0]["unit_price"]) == COST


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.PURCHASING, True),
        (Role.MANAGER, True),
        (Role.SALES, False),
        (Role.SERVICE, False),
        (Role.LOGISTICS, False),
        (Role.READ_ONLY, False),
    ],
)
def test_the_purchase_order_pages_show_prices_only_to_those_who_read_costs(
    chain: Chain, priced_from_cost: PurchaseOrder, client: Client, role: str, shown: bool
) -> None:
    client.force_login(user(role))

    detail = client.get(f"/orders/purchase-orders/{priced_from_cost.pk}/")
    listed = client.get("/orders/purchase-orders/")

    assert detail.status_code == 200 and listed.status_code == 200
    assert priced_from_cost.number in listed.content.decode()
    assert ("123.45" in detail.content.decode()) is shown  # the line's price
    assert ("246.90" in detail.content.decode()) is shown  # the total
    assert ("246.90" in listed.content.decode()) is shown


def test_the_cost_is_not_copied_for_a_buyer_who_may_not_read_it(
    chain: Chain, cost_hidden_from_buyers: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_purchase_order(
            chain.supplier,
            actor=chain.purchasing,
            lines=[services.POLineInput(product=chain.widget, quantity=2)],
            needed_by=timezone.localdate() + timedelta(days=7),
        )

    assert set(refused.value.message_dict) == {"lines.0.unit_price"}
    assert not PurchaseOrder.objects.exists()


def test_such_a_buyer_still_orders_at_the_supplier_price_or_its_own(
    chain: Chain, cost_hidden_from_buyers: None
) -> None:
    po = services.create_purchase_order(
        chain.supplier,
        actor=chain.purchasing,
        lines=[
            services.POLineInput(product=chain.part_a, quantity=1),  # the supplier's price on file
            services.POLineInput(product=chain.widget, quantity=1, unit_price=Decimal("90")),
        ],
        needed_by=timezone.localdate() + timedelta(days=7),
    )

    assert [line.unit_price for line in po.lines.order_by("line_no")] == [Decimal("880.00"), Decimal("90.00")]


def test_such_a_buyer_may_not_set_the_standard_cost_through_the_service(
    chain: Chain, cost_hidden_from_buyers: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        catalog.update_product(chain.widget, actor=chain.purchasing, standard_cost=Decimal("1"))

    assert set(refused.value.message_dict) == {"standard_cost"}
    chain.widget.refresh_from_db()
    assert chain.widget.standard_cost == Decimal("80.00")
