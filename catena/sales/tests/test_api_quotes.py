"""The quotes, price lists and customer terms API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties.models import PortalAccess
from catena.sales.models import CustomerTerms, Quote, SalesOrder
from catena.sales.tests.factories import (
    PriceListFactory,
    PriceListItemFactory,
    ProductFactory,
    customer,
    opportunity,
)

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def priced() -> dict[str, Any]:
    product = ProductFactory.create(sku="PUMP-1", list_price=Decimal("1000.00"))
    price_list = PriceListFactory.create(name="华东经销商")
    PriceListItemFactory.create(price_list=price_list, product=product, unit_price=Decimal("900.00"))
    PriceListItemFactory.create(
        price_list=price_list, product=product, unit_price=Decimal("850.00"), min_quantity=10
    )
    buyer = customer(name="常州华泰")
    CustomerTerms.objects.create(party=buyer, price_list=price_list, discount_pct=Decimal("2"))
    return {"product": product, "price_list": price_list, "buyer": buyer}


def test_quote_lifecycle_to_an_order(api_client: Clients, sales: User, priced: dict[str, Any]) -> None:
    client = api_client(sales)
    deal = opportunity(priced["buyer"], owner=sales)
    created = client.post(
        "/api/v1/quotes/",
        {"customer": priced["buyer"].pk, "opportunity": deal.pk, "terms": "含运费",
         "lines": [{"product": priced["product"].pk, "quantity": "12"}]},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    quote = created.json()
    assert quote["status"] == "draft" and quote["version"] == 1
    assert [(x["unit_price"], x["discount_pct"], x["price_source"]) for x in quote["lines"]] == [
        ("850.00", "2.00", "price_list")
    ]
    assert quote["total_net"] == "9996.00"

    added = client.post(
        f"/api/v1/quotes/{quote['id']}/lines",
        {"product": priced["product"].pk, "quantity": "1", "unit_price": "999"},
    )
    assert added.status_code == 201 and added.json()["price_source"] == "manual"
    assert client.post(f"/api/v1/quotes/{quote['id']}/send", {}).json()["status"] == "sent"

    accepted = client.post(f"/api/v1/quotes/{quote['id']}/accept", {"order_type": "make_to_stock"})
    assert accepted.status_code == 201, accepted.json()
    body = accepted.json()
    order = SalesOrder.objects.get(pk=body["order_id"])
    assert body["order_number"] == order.number and body["quote"]["status"] == "accepted"
    assert body["quote"]["order"] == {"id": order.pk, "number": order.number}
    assert order.total_net == Decimal(quote["total_net"]) + Decimal("979.02")
    again = client.post(f"/api/v1/quotes/{quote['id']}/accept", {})
    assert again.status_code == 422 and "status" in fields_of(again)
    assert SalesOrder.objects.count() == 1
    assert client.get(f"/api/v1/opportunities/{deal.pk}").json()["stage"]["code"] == "won"


def test_revise_keeps_the_history(api_client: Clients, sales: User, priced: dict[str, Any]) -> None:
    client = api_client(sales)
    quote = client.post(
        "/api/v1/quotes/",
        {"customer": priced["buyer"].pk, "lines": [{"product": priced["product"].pk, "quantity": "1"}]},
    ).json()
    client.post(f"/api/v1/quotes/{quote['id']}/send", {})

    revised = client.post(f"/api/v1/quotes/{quote['id']}/revise", {})

    assert revised.status_code == 201
    new = revised.json()
    assert (new["number"], new["version"], new["status"]) == (quote["number"], 2, "draft")
    line = new["lines"][0]
    patched = client.patch(f"/api/v1/quotes/{new['id']}/lines/{line['id']}", {"quantity": "20"})
    assert patched.status_code == 200 and patched.json()["unit_price"] == "850.00"
    old = client.get(f"/api/v1/quotes/{quote['id']}").json()
    assert old["status"] == "superseded" and old["lines"][0]["quantity"] == "1.000"
    frozen = client.patch(f"/api/v1/quotes/{quote['id']}", {"terms": "改"})
    assert frozen.status_code == 422
    versions = client.get(f"/api/v1/quotes/{quote['id']}/versions").json()
    assert [v["version"] for v in versions["items"]] == [2, 1]
    assert [q["version"] for q in client.get("/api/v1/quotes/").json()["items"]] == [2]
    assert client.get("/api/v1/quotes/", all_versions="true").json()["count"] == 2


def test_an_expired_quote_cannot_be_accepted(
    api_client: Clients, sales: User, priced: dict[str, Any]
) -> None:
    client = api_client(sales)
    quote = client.post(
        "/api/v1/quotes/",
        {"customer": priced["buyer"].pk, "lines": [{"product": priced["product"].pk, "quantity": "1"}]},
    ).json()
    client.post(f"/api/v1/quotes/{quote['id']}/send", {})
    Quote.objects.filter(pk=quote["id"]).update(valid_until=timezone.localdate() - timedelta(days=1))

    response = client.post(f"/api/v1/quotes/{quote['id']}/accept", {})

    assert response.status_code == 422 and "valid_until" in fields_of(response)
    assert not SalesOrder.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"customer": 999999}, "customer"),
        ({"valid_until": "not a date"}, "valid_until"),
        ({"currency": "BTC"}, "currency"),
        ({"payment_terms": "never"}, "payment_terms"),
        ({"lines": [{"product": 999999, "quantity": "1"}]}, "lines.0.product"),
        ({"lines": [{"quantity": "0"}]}, "lines.0.quantity"),
        ({"lines": [{"quantity": "1", "discount_pct": "150"}]}, "lines.0.discount_pct"),
        ({"lines": [{"quantity": "1", "unit_price": "-3"}]}, "lines.0.unit_price"),
    ],
)
def test_bad_quote_input_is_a_422_naming_the_field(
    api_client: Clients, sales: User, priced: dict[str, Any], payload: dict[str, Any], field: str
) -> None:
    body: dict[str, Any] = {"customer": priced["buyer"].pk} | payload
    for line in body.get("lines", []):
        line.setdefault("product", priced["product"].pk)

    response = api_client(sales).post("/api/v1/quotes/", body)

    assert response.status_code == 422, response.json()
    assert field in fields_of(response)
    assert not Quote.objects.exists()


def test_readers_and_portal_users(
    api_client: Clients, reader: User, sales: User, make_user: Callable[..., User], priced: dict[str, Any]
) -> None:
    quote = api_client(sales).post("/api/v1/quotes/", {"customer": priced["buyer"].pk}).json()
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=priced["buyer"])

    assert api_client(reader).get(f"/api/v1/quotes/{quote['id']}").status_code == 200
    assert api_client(reader).post("/api/v1/quotes/", {"customer": priced["buyer"].pk}).status_code == 403
    assert api_client(reader).post(f"/api/v1/quotes/{quote['id']}/send", {}).status_code == 403
    assert api_client(portal).get("/api/v1/quotes/").json()["count"] == 0
    assert api_client(portal).get(f"/api/v1/quotes/{quote['id']}").status_code == 404
    assert api_client(portal).get("/api/v1/price-lists/").json()["count"] == 0
    assert api_client(portal).get(f"/api/v1/customer-terms/{priced['buyer'].pk}").status_code == 404


def test_price_lists_are_read_by_staff_and_written_by_managers(
    api_client: Clients, sales: User, manager: User, priced: dict[str, Any]
) -> None:
    price_list = priced["price_list"]
    assert api_client(sales).get("/api/v1/price-lists/").json()["count"] == 1
    items = api_client(sales).get(f"/api/v1/price-lists/{price_list.pk}/items").json()
    assert [(i["min_quantity"], i["unit_price"]) for i in items["items"]] == [
        ("1.000", "900.00"),
        ("10.000", "850.00"),
    ]
    assert api_client(sales).post("/api/v1/price-lists/", {"name": "新表"}).status_code == 403
    assert (
        api_client(sales)
        .post(
            f"/api/v1/price-lists/{price_list.pk}/items", {"product": priced["product"].pk, "unit_price": "1"}
        )
        .status_code
        == 403
    )

    created = api_client(manager).post("/api/v1/price-lists/", {"name": "大客户", "currency": "USD"})
    assert created.status_code == 201
    bad = api_client(manager).post(
        "/api/v1/price-lists/", {"name": "大客户", "valid_from": "2027-02-01", "valid_until": "2027-01-01"}
    )
    assert bad.status_code == 422 and {"name", "valid_until"} <= fields_of(bad)
    item = api_client(manager).post(
        f"/api/v1/price-lists/{price_list.pk}/items",
        {"product": priced["product"].pk, "unit_price": "800", "min_quantity": "50"},
    )
    assert item.status_code == 201
    price = api_client(sales).get(
        "/api/v1/price-lists/price", customer=priced["buyer"].pk, product=priced["product"].pk, quantity="60"
    )
    assert price.json() == {"unit_price": "800.00", "discount_pct": "2.00", "source": "price_list"}
    in_use = api_client(manager).delete(f"/api/v1/price-lists/{price_list.pk}")
    assert in_use.status_code == 409


def test_customer_terms(api_client: Clients, sales: User, manager: User, priced: dict[str, Any]) -> None:
    other = customer()
    url = f"/api/v1/customer-terms/{other.pk}"

    assert api_client(sales).get(url).json()["price_list"] is None
    assert api_client(sales).patch(url, {"discount_pct": "5"}).status_code == 403
    for payload, field in (({"discount_pct": "500"}, "discount_pct"), ({"price_list": 999999}, "price_list")):
        bad = api_client(manager).patch(url, payload)
        assert bad.status_code == 422 and field in fields_of(bad)
    ok = api_client(manager).patch(
        url, {"price_list": priced["price_list"].pk, "discount_pct": "5", "payment_terms": "net_60"}
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["price_list"]["id"] == priced["price_list"].pk and ok.json()["discount_pct"] == "5.00"
    quote = (
        api_client(sales)
        .post(
            "/api/v1/quotes/",
            {"customer": other.pk, "lines": [{"product": priced["product"].pk, "quantity": "1"}]},
        )
        .json()
    )
    assert quote["payment_terms"] == "net_60" and quote["lines"][0]["unit_price"] == "900.00"
