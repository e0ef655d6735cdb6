"""The codes clients branch on when a quote, a price list or an owner is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.catalog.models import PriceList
from catena.conftest import ApiClient
from catena.sales.models import CustomerTerms, Quote, SalesOrder
from catena.sales.tests.factories import PriceListFactory, ProductFactory, customer

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]


def codes(response: Any) -> dict[str, str]:
    return {e["field"]: e["code"] for e in response.json()["errors"]}


@pytest.fixture
def sent_quote(api_client: Clients, sales: User) -> dict[str, Any]:
    product = ProductFactory.create(sku="VALVE-2", list_price=Decimal("120.00"))
    buyer = customer(name="无锡恒通")
    client = api_client(sales)
    quote = client.post(
        "/api/v1/quotes/", {"customer": buyer.pk, "lines": [{"product": product.pk, "quantity": "3"}]}
    ).json()
    assert client.post(f"/api/v1/quotes/{quote['id']}/send", {}).status_code == 200
    return quote


def test_a_sent_quote_is_not_editable(api_client: Clients, sales: User, sent_quote: dict[str, Any]) -> None:
    response = api_client(sales).patch(f"/api/v1/quotes/{sent_quote['id']}", {"terms": "改"})

    assert response.status_code == 422
    assert codes(response) == {"__all__": "quote.not_editable"}
    assert Quote.objects.get(pk=sent_quote["id"]).terms == ""


def test_an_expired_quote_answers_quote_expired(
    api_client: Clients, sales: User, sent_quote: dict[str, Any]
) -> None:
    Quote.objects.filter(pk=sent_quote["id"]).update(valid_until=timezone.localdate() - timedelta(days=1))

    response = api_client(sales).post(f"/api/v1/quotes/{sent_quote['id']}/accept", {})

    assert response.status_code == 422
    assert codes(response)["valid_until"] == "quote.expired"
    assert not SalesOrder.objects.exists()


def test_a_price_list_customers_use_answers_price_list_in_use(api_client: Clients, manager: User) -> None:
    price_list = PriceListFactory.create(name="华南零售")
    CustomerTerms.objects.create(party=customer(name="佛山美达"), price_list=price_list)

    response = api_client(manager).delete(f"/api/v1/price-lists/{price_list.pk}")

    assert response.status_code == 409
    assert response.json()["code"] == "price_list.in_use"
    assert response.json()["detail"] == "Customers still use this price list."
    assert PriceList.objects.filter(pk=price_list.pk).exists()


def test_an_owner_who_may_not_own_leads_answers_owner_not_eligible(
    api_client: Clients, sales: User, make_user: Callable[..., User]
) -> None:
    reader = make_user(Role.READ_ONLY)

    response = api_client(sales).post("/api/v1/leads/", {"company": "昆山新材", "owner": reader.pk})

    assert response.status_code == 422
    assert codes(response) == {"owner": "owner.not_eligible"}
