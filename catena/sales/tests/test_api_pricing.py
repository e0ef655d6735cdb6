"""Changing a price through the API uses the same use case as the price list page."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts.models import User
from catena.sales.tests.factories import PriceListFactory, PriceListItemFactory, ProductFactory, customer

pytestmark = pytest.mark.django_db
Clients = Callable[[User | None], Any]


def test_a_manager_changes_a_price_but_not_onto_another_break(
    api_client: Clients, sales: User, manager: User
) -> None:
    product = ProductFactory.create()
    price_list = PriceListFactory.create()
    item = PriceListItemFactory.create(price_list=price_list, product=product, unit_price=Decimal("10"))
    PriceListItemFactory.create(
        price_list=price_list, product=product, unit_price=Decimal("9"), min_quantity=Decimal("50")
    )
    url = f"/api/v1/price-lists/{price_list.pk}/items/{item.pk}"

    assert api_client(sales).patch(url, {"unit_price": "1"}).status_code == 403
    clash = api_client(manager).patch(url, {"min_quantity": "50"})
    assert clash.status_code == 422
    assert [e["field"] for e in clash.json()["errors"]] == ["min_quantity"]
    changed = api_client(manager).patch(url, {"unit_price": "9.80", "min_quantity": "5"})
    assert changed.status_code == 200
    item.refresh_from_db()
    assert (item.unit_price, item.min_quantity) == (Decimal("9.80"), Decimal("5"))
    assert Decimal(changed.json()["unit_price"]) == Decimal("9.80")
    other_list = PriceListFactory.create()
    assert (
        api_client(manager).patch(f"/api/v1/price-lists/{other_list.pk}/items/{item.pk}", {}).status_code
        == 404
    )


def test_a_customer_without_terms_reads_the_defaults(api_client: Clients, sales: User) -> None:
    party = customer()

    terms = api_client(sales).get(f"/api/v1/customer-terms/{party.pk}").json()

    assert (terms["price_list"], terms["discount_pct"], terms["payment_terms"], terms["updated_at"]) == (
        None,
        "0",
        "net_30",
        None,
    )
