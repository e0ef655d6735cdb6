"""The price list pages: the list, the form, the prices grouped by product with their quantity
breaks, the customers on a list and deleting, for the roles that may and may not."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.catalog.models import PriceList, PriceListItem
from catena.parties.models import PortalAccess
from catena.sales.models import CustomerTerms
from catena.sales.tests.factories import PriceListFactory, PriceListItemFactory, ProductFactory, customer

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
Login = Callable[[User], Client]


@pytest.fixture
def priced() -> dict[str, Any]:
    """A list with two quantity breaks of one product, used by one customer."""
    product = ProductFactory.create(sku="BOLT-M8", name="六角螺栓 M8")
    price_list = PriceListFactory.create(name="华东经销商", currency="CNY")
    low = PriceListItemFactory.create(price_list=price_list, product=product, unit_price=Decimal("9.50"))
    high = PriceListItemFactory.create(
        price_list=price_list, product=product, unit_price=Decimal("8.00"), min_quantity=Decimal("100")
    )
    buyer = customer(name="杭州东方五金")
    CustomerTerms.objects.create(party=buyer, price_list=price_list, discount_pct=Decimal("5"))
    return {"product": product, "price_list": price_list, "buyer": buyer, "low": low, "high": high}


def _errors(response: Any, form: str = "form") -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in response.context[form].errors.items()}


# --- reading -------------------------------------------------------------------------------------


def test_the_list_shows_currency_validity_and_how_much_each_list_is_used(
    logged_in: Login, sales: User, priced: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    PriceListFactory.create(name="出口美元价", currency="USD", is_active=False)
    client = logged_in(sales)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("sales:price_list_list"))

    assert response.status_code == 200
    rows = {pl.name: pl for pl in response.context["page_obj"]}
    assert (rows["华东经销商"].price_count, rows["华东经销商"].customer_count) == (2, 1)
    assert (rows["出口美元价"].price_count, rows["出口美元价"].customer_count) == (0, 0)
    body = response.content.decode()
    assert "USD" in body and "Inactive" in body
    assert reverse("sales:price_list_create") not in body  # sales staff do not write prices


def test_the_list_searches_by_name_and_says_when_nothing_matches(
    logged_in: Login, sales: User, priced: dict[str, Any]
) -> None:
    client = logged_in(sales)

    found = client.get(reverse("sales:price_list_list"), {"q": "华东"}, headers=HTMX)
    missing = client.get(reverse("sales:price_list_list"), {"q": "西北"}, headers=HTMX)

    assert "华东经销商" in found.content.decode() and "<html" not in found.content.decode()
    assert "No price list is named like “西北”" in missing.content.decode()


def test_without_price_lists_the_page_explains_what_they_are_for(logged_in: Login, manager: User) -> None:
    body = logged_in(manager).get(reverse("sales:price_list_list")).content.decode()

    assert "No price lists yet" in body
    assert reverse("sales:price_list_create") in body


def test_the_detail_page_groups_prices_by_product_and_lists_the_customers(
    logged_in: Login, sales: User, priced: dict[str, Any]
) -> None:
    other = ProductFactory.create(sku="NUT-M8")
    PriceListItemFactory.create(price_list=priced["price_list"], product=other, unit_price=Decimal("1.20"))

    response = logged_in(sales).get(reverse("sales:price_list_detail", args=[priced["price_list"].pk]))

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g.product.sku for g in groups] == ["BOLT-M8", "NUT-M8"]
    assert [(b.min_quantity, b.unit_price) for b in groups[0].breaks] == [
        (Decimal("1"), Decimal("9.50")),
        (Decimal("100"), Decimal("8.00")),
    ]
    body = response.content.decode()
    assert "杭州东方五金" in body and "≥ 100" in body
    assert reverse("sales:price_add", args=[priced["price_list"].pk]) not in body  # read-only for sales


# --- who may write -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SALES, Role.READ_ONLY])
def test_staff_who_only_read_prices_are_refused_every_change(
    logged_in: Login, make_user: Callable[..., User], priced: dict[str, Any], role: str
) -> None:
    client = logged_in(make_user(role))
    price_list, high = priced["price_list"], priced["high"]
    pk = price_list.pk

    assert client.get(reverse("sales:price_list_detail", args=[pk])).status_code == 200
    refused = [
        client.get(reverse("sales:price_list_create")),
        client.post(reverse("sales:price_list_create"), {"name": "新表", "currency": "CNY"}),
        client.post(reverse("sales:price_list_edit", args=[pk]), {"name": "改名", "currency": "CNY"}),
        client.post(reverse("sales:price_list_delete", args=[pk])),
        client.post(
            reverse("sales:price_add", args=[pk]),
            {"product": "BOLT-M8", "min_quantity": "50", "unit_price": "1"},
            headers=HTMX,
        ),
        client.post(
            reverse("sales:price_edit", args=[pk, high.pk]), {"min_quantity": "100", "unit_price": "1"}
        ),
        client.post(reverse("sales:price_delete", args=[pk, high.pk])),
    ]

    assert [r.status_code for r in refused] == [403] * len(refused)
    assert PriceList.objects.get().name == "华东经销商"
    assert sorted(PriceListItem.objects.values_list("unit_price", flat=True)) == [
        Decimal("8.00"),
        Decimal("9.50"),
    ]


def test_portal_users_get_no_price_list_page(
    logged_in: Login, make_user: Callable[..., User], priced: dict[str, Any]
) -> None:
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=priced["buyer"])
    client = logged_in(portal)
    pk = priced["price_list"].pk

    for url in (
        reverse("sales:price_list_list"),
        reverse("sales:price_list_detail", args=[pk]),
        reverse("sales:price_edit", args=[pk, priced["low"].pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "华东经销商" not in response.content.decode()


def test_a_list_nobody_may_see_is_not_found(logged_in: Login, manager: User, priced: dict[str, Any]) -> None:
    other = PriceListFactory.create()
    client = logged_in(manager)

    response = client.get(reverse("sales:price_edit", args=[other.pk, priced["low"].pk]))

    assert response.status_code == 404  # the price belongs to another list


# --- managers write ------------------------------------------------------------------------------


def test_a_manager_creates_and_edits_a_price_list(logged_in: Login, manager: User) -> None:
    client = logged_in(manager)

    created = client.post(
        reverse("sales:price_list_create"),
        {"name": "大客户价", "currency": "CNY", "valid_from": "2026-01-01", "is_active": "on"},
    )
    price_list = PriceList.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("sales:price_list_detail", args=[price_list.pk])

    edited = client.post(
        reverse("sales:price_list_edit", args=[price_list.pk]),
        {"name": "大客户价 2026", "currency": "USD", "valid_from": "2026-01-01", "valid_until": "2026-12-31"},
    )
    price_list.refresh_from_db()
    assert edited.status_code == 302
    assert (price_list.name, price_list.currency, price_list.is_active) == ("大客户价 2026", "USD", False)
    assert str(price_list.valid_until) == "2026-12-31"


def test_an_end_before_the_start_or_a_taken_name_is_shown_on_its_field_and_nothing_is_saved(
    logged_in: Login, manager: User, priced: dict[str, Any]
) -> None:
    client = logged_in(manager)

    bad = client.post(
        reverse("sales:price_list_create"),
        {"name": "华东经销商", "currency": "CNY", "valid_from": "2026-06-01", "valid_until": "2026-05-01"},
    )

    assert bad.status_code == 422
    errors = _errors(bad)
    assert errors["valid_until"] == ["The end comes before the start."]
    assert errors["name"] == ["Another price list has this name."]
    assert "The end comes before the start." in bad.content.decode()
    assert PriceList.objects.count() == 1

    pk = priced["price_list"].pk
    bad_edit = client.post(
        reverse("sales:price_list_edit", args=[pk]),
        {"name": "改名了", "currency": "CNY", "valid_from": "2026-06-01", "valid_until": "2026-05-01"},
    )
    assert bad_edit.status_code == 422 and "valid_until" in _errors(bad_edit)
    assert PriceList.objects.get(pk=pk).name == "华东经销商"


def test_a_manager_adds_a_quantity_break_with_htmx(
    logged_in: Login, manager: User, priced: dict[str, Any]
) -> None:
    pk = priced["price_list"].pk

    response = logged_in(manager).post(
        reverse("sales:price_add", args=[pk]),
        {"product": "bolt-m8", "min_quantity": "500", "unit_price": "7.25"},
        headers=HTMX,
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "7.25" in body and "≥ 500" in body
    assert priced["price_list"].items.get(min_quantity=500).unit_price == Decimal("7.25")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"unit_price": "-1"}, "unit_price", "Must be at least 0."),
        ({"min_quantity": "0"}, "min_quantity", "Must be greater than 0."),
        ({"min_quantity": "-5"}, "min_quantity", "Must be greater than 0."),
        ({"min_quantity": "100"}, "min_quantity", "This product already has a price from this quantity"),
        ({"product": "NO-SUCH"}, "product", "No product has this SKU."),
        ({"unit_price": "abc"}, "unit_price", "Enter a number."),
    ],
)
def test_a_bad_price_is_shown_on_its_field_and_nothing_is_saved(
    logged_in: Login, manager: User, priced: dict[str, Any], data: dict[str, str], field: str, message: str
) -> None:
    client = logged_in(manager)
    pk = priced["price_list"].pk
    posted = {"product": "BOLT-M8", "min_quantity": "50", "unit_price": "8.50"} | data

    page = client.post(reverse("sales:price_add", args=[pk]), posted)
    fragment = client.post(reverse("sales:price_add", args=[pk]), posted, headers=HTMX)

    assert page.status_code == 422
    assert any(e.startswith(message) for e in _errors(page, "price_form")[field])
    assert fragment.status_code == 200  # htmx swaps the card back with the error in place
    assert message in fragment.content.decode() and 'id="field-' + field + '"' in fragment.content.decode()
    assert sorted(PriceListItem.objects.values_list("unit_price", flat=True)) == [
        Decimal("8.00"),
        Decimal("9.50"),
    ]


def test_changing_a_price_moves_or_reprices_its_break_but_not_onto_another(
    logged_in: Login, manager: User, priced: dict[str, Any]
) -> None:
    client = logged_in(manager)
    pk, low = priced["price_list"].pk, priced["low"]
    url = reverse("sales:price_edit", args=[pk, low.pk])
    assert client.get(url).status_code == 200

    clash = client.post(url, {"min_quantity": "100", "unit_price": "9.00"})
    assert clash.status_code == 422 and "min_quantity" in _errors(clash)
    low.refresh_from_db()
    assert (low.min_quantity, low.unit_price) == (Decimal("1"), Decimal("9.50"))

    negative = client.post(url, {"min_quantity": "1", "unit_price": "-9"})
    assert negative.status_code == 422 and "unit_price" in _errors(negative)

    moved = client.post(url, {"min_quantity": "10", "unit_price": "9.00"})
    low.refresh_from_db()
    assert moved.status_code == 302
    assert (low.min_quantity, low.unit_price) == (Decimal("10"), Decimal("9.00"))


def test_a_manager_removes_a_price(logged_in: Login, manager: User, priced: dict[str, Any]) -> None:
    pk, high = priced["price_list"].pk, priced["high"]

    response = logged_in(manager).post(reverse("sales:price_delete", args=[pk, high.pk]), headers=HTMX)

    assert response.status_code == 200 and "≥ 100" not in response.content.decode()
    assert list(priced["price_list"].items.values_list("min_quantity", flat=True)) == [Decimal("1")]


def test_a_list_customers_use_is_not_deleted_and_the_page_says_why(
    logged_in: Login, manager: User, priced: dict[str, Any]
) -> None:
    client = logged_in(manager)
    url = reverse("sales:price_list_delete", args=[priced["price_list"].pk])

    asked = client.get(url)
    refused = client.post(url)

    assert asked.status_code == 200 and 'data-testid="in-use"' in asked.content.decode()
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "cannot be deleted: 1 customer still uses it." in body and "杭州东方五金" in body
    assert PriceList.objects.filter(pk=priced["price_list"].pk).exists()
    assert priced["price_list"].items.count() == 2


def test_an_unused_list_is_deleted_with_its_prices(
    logged_in: Login, manager: User, priced: dict[str, Any]
) -> None:
    CustomerTerms.objects.filter(party=priced["buyer"]).update(price_list=None)

    response = logged_in(manager).post(reverse("sales:price_list_delete", args=[priced["price_list"].pk]))

    assert response.status_code == 302 and response["Location"] == reverse("sales:price_list_list")
    assert not PriceList.objects.exists() and not PriceListItem.objects.exists()


def test_the_sales_tabs_and_the_product_list_link_to_the_price_lists(
    logged_in: Login, make_user: Callable[..., User]
) -> None:
    link = f'href="{reverse("sales:price_list_list")}"'
    sales_client = logged_in(make_user(Role.SALES))
    assert link in sales_client.get(reverse("sales:quote_list")).content.decode()

    buyer = logged_in(make_user(Role.PURCHASING))  # reads prices without working the pipeline
    assert link in buyer.get(reverse("catalog:product_list")).content.decode()
    assert buyer.get(reverse("sales:price_list_list")).status_code == 200


def test_staff_who_may_not_read_terms_see_no_customer_counts_on_the_price_lists(
    logged_in: Login, make_user: Callable[..., User], api_client: Any
) -> None:
    product = ProductFactory.create(sku="VALVE-9")
    price_list = PriceListFactory.create(name="华北经销商")
    PriceListItemFactory.create(price_list=price_list, product=product)
    buyer_party = customer(name="天津机电")
    CustomerTerms.objects.create(party=buyer_party, price_list=price_list, discount_pct=Decimal("6"))
    purchasing = make_user(Role.PURCHASING)

    page = logged_in(purchasing).get(reverse("sales:price_list_list"))
    price = api_client(purchasing).get(
        "/api/v1/price-lists/price", customer=buyer_party.pk, product=product.pk, quantity=1
    )

    assert page.context["page_obj"][0].customer_count == 0  # the detail lists none to them either
    assert price.status_code == 404  # the price carries the customer's discount
