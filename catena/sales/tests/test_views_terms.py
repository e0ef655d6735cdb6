"""The "Sales terms" card a customer's party page loads from sales: read by staff who work the
pipeline, changed by administrators and managers, with a price check for phone calls."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties.choices import PartyRoleType
from catena.parties.models import PortalAccess
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import CustomerTerms
from catena.sales.tests.factories import PriceListFactory, PriceListItemFactory, ProductFactory, customer

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
Login = Callable[[User], Client]


@pytest.fixture
def shop() -> dict[str, Any]:
    product = ProductFactory.create(sku="PUMP-20", name="离心泵 20", list_price=Decimal("1200.00"))
    price_list = PriceListFactory.create(name="工程客户", currency="CNY")
    PriceListItemFactory.create(price_list=price_list, product=product, unit_price=Decimal("1000.00"))
    PriceListItemFactory.create(
        price_list=price_list, product=product, unit_price=Decimal("900.00"), min_quantity=Decimal("10")
    )
    return {"product": product, "price_list": price_list, "buyer": customer(name="宁波港机械")}


def _card(client: Client, party: Any) -> Any:
    return client.get(reverse("sales:party_terms", args=[party.pk]), headers=HTMX)


def test_a_customers_party_page_has_the_slot_the_sales_terms_fill(
    logged_in: Login, sales: User, shop: dict[str, Any]
) -> None:
    supplier = PartyFactory.create(roles=[PartyRoleType.SUPPLIER])
    client = logged_in(sales)
    slot = f'hx-get="{reverse("sales:party_terms", args=[shop["buyer"].pk])}"'

    customer_page = client.get(reverse("parties:party_detail", args=[shop["buyer"].pk]))
    supplier_page = client.get(reverse("parties:party_detail", args=[supplier.pk]))

    assert slot in customer_page.content.decode()
    assert "sales-terms-slot" not in supplier_page.content.decode()
    assert client.get(reverse("sales:party_terms", args=[supplier.pk])).status_code == 404
    assert _card(client, supplier).content == b""


@pytest.mark.parametrize("role", [PartyRoleType.DISTRIBUTOR, PartyRoleType.RETAILER])
def test_distributors_and_retailers_buy_from_us_and_have_sales_terms_too(
    logged_in: Login, manager: User, role: str
) -> None:
    reseller = PartyFactory.create(roles=[role])
    client = logged_in(manager)

    page = client.get(reverse("parties:party_detail", args=[reseller.pk]))
    card = _card(client, reseller)

    assert "sales-terms-slot" in page.content.decode()
    assert card.status_code == 200 and "Sales terms" in card.content.decode()


def test_without_terms_the_card_shows_the_defaults_read_only_to_sales_staff(
    logged_in: Login, sales: User, shop: dict[str, Any]
) -> None:
    response = _card(logged_in(sales), shop["buyer"])

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Sales terms" in body and "None: the products' list prices" in body
    assert "0 %" in body and "30 days net" in body
    assert "No terms were set" in body
    assert reverse("sales:party_terms_edit", args=[shop["buyer"].pk]) not in body


@pytest.mark.parametrize("role", [Role.SALES, Role.READ_ONLY])
def test_staff_who_only_read_terms_are_refused_their_change(
    logged_in: Login, make_user: Callable[..., User], shop: dict[str, Any], role: str
) -> None:
    client = logged_in(make_user(role))
    url = reverse("sales:party_terms_edit", args=[shop["buyer"].pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"discount_pct": "50", "payment_terms": "net_30"}).status_code == 403
    assert not CustomerTerms.objects.exists()


def test_roles_that_do_not_work_the_pipeline_and_portal_users_see_no_terms(
    logged_in: Login, make_user: Callable[..., User], shop: dict[str, Any]
) -> None:
    CustomerTerms.objects.create(party=shop["buyer"], price_list=shop["price_list"])
    purchasing = logged_in(make_user(Role.PURCHASING))
    assert _card(purchasing, shop["buyer"]).content == b""
    assert purchasing.get(reverse("sales:party_terms", args=[shop["buyer"].pk])).status_code == 404

    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=shop["buyer"])
    client = logged_in(portal)
    for name in ("sales:party_terms", "sales:party_terms_edit", "sales:party_price_check"):
        response = client.get(reverse(name, args=[shop["buyer"].pk]))
        assert response.status_code == 403 and "工程客户" not in response.content.decode()


def test_a_manager_sets_the_terms_and_the_card_shows_them(
    logged_in: Login, manager: User, shop: dict[str, Any]
) -> None:
    client = logged_in(manager)
    buyer = shop["buyer"]
    url = reverse("sales:party_terms_edit", args=[buyer.pk])
    assert reverse("sales:party_terms_edit", args=[buyer.pk]) in _card(client, buyer).content.decode()
    assert client.get(url, headers=HTMX).status_code == 200

    saved = client.post(
        url,
        {"price_list": shop["price_list"].pk, "discount_pct": "3.5", "payment_terms": "net_60"},
        headers=HTMX,
    )

    terms = CustomerTerms.objects.get(party=buyer)
    assert (terms.price_list, terms.discount_pct, terms.payment_terms) == (
        shop["price_list"],
        Decimal("3.5"),
        "net_60",
    )
    body = saved.content.decode()
    assert saved.status_code == 200 and 'data-testid="sales-terms"' in body
    assert "工程客户" in body and "3.5 %" in body
    shown = _card(client, buyer).content.decode()
    assert "工程客户" in shown and "No terms were set" not in shown

    plain = client.post(url, {"price_list": "", "discount_pct": "0", "payment_terms": "net_30"})
    assert plain.status_code == 302 and plain["Location"] == reverse("parties:party_detail", args=[buyer.pk])
    assert CustomerTerms.objects.get(party=buyer).price_list is None


def test_a_discount_out_of_range_is_shown_on_its_field_and_nothing_is_saved(
    logged_in: Login, admin_user: User, shop: dict[str, Any]
) -> None:
    client = logged_in(admin_user)
    url = reverse("sales:party_terms_edit", args=[shop["buyer"].pk])
    data = {"price_list": shop["price_list"].pk, "discount_pct": "120", "payment_terms": "net_30"}

    page = client.post(url, data)
    fragment = client.post(url, data, headers=HTMX)

    assert page.status_code == 422
    assert page.context["form"].errors["discount_pct"] == ["Must be at most 100."]
    assert fragment.status_code == 200 and "Must be at most 100." in fragment.content.decode()
    assert not CustomerTerms.objects.exists()


def test_the_price_check_shows_the_break_the_quantity_reaches_less_the_discount(
    logged_in: Login, sales: User, shop: dict[str, Any]
) -> None:
    CustomerTerms.objects.create(
        party=shop["buyer"], price_list=shop["price_list"], discount_pct=Decimal("5")
    )
    client = logged_in(sales)
    url = reverse("sales:party_price_check", args=[shop["buyer"].pk])

    small = client.get(url, {"product": "PUMP-20", "quantity": "2"}, headers=HTMX)
    large = client.get(url, {"product": "pump-20", "quantity": "12"}, headers=HTMX)

    assert small.context["check"].unit_price == Decimal("1000.00")
    check = large.context["check"]
    assert (check.unit_price, check.discount_pct, check.source) == (
        Decimal("900.00"),
        Decimal("5.00"),
        "price_list",
    )
    assert (check.net_unit_price, check.total) == (Decimal("855.00"), Decimal("10260.00"))
    body = large.content.decode()
    assert "<html" not in body and "900.00 CNY" in body and "from 10" in body and "855.00" in body


def test_the_price_check_falls_back_to_the_list_price_and_refuses_a_bad_quantity(
    logged_in: Login, sales: User, shop: dict[str, Any]
) -> None:
    client = logged_in(sales)
    url = reverse("sales:party_price_check", args=[shop["buyer"].pk])

    listed = client.get(url, {"product": "PUMP-20", "quantity": "1"})
    bad = client.get(url, {"product": "PUMP-20", "quantity": "0"})
    unknown = client.get(url, {"product": "NOPE", "quantity": "1"})

    assert listed.status_code == 200 and listed.context["check"].source == "list_price"
    assert "the product's list price" in listed.content.decode()
    assert bad.status_code == 422 and bad.context["check_form"].errors["quantity"]
    assert unknown.status_code == 422 and "No product has this SKU." in unknown.content.decode()
