"""The order list (filters, sorting, paging, htmx rows, CSV export) and the new-order form with
its customer, ship-to and product pickers and inline errors from the service."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.fulfilment import services
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order, user
from catena.parties.tests.factories import AddressFactory
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
LIST = reverse("fulfilment:order_list")
NEW = reverse("fulfilment:order_create")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def numbers(response: Any) -> list[str]:
    return [o.number for o in response.context["page_obj"]]


# --- access and empty states ----------------------------------------------------------------------


def test_anonymous_visitors_sign_in_and_portal_users_are_refused(chain: Chain) -> None:
    assert Client().get(LIST).status_code == 302
    assert signed_in(portal_user(chain.customer, Role.PORTAL_CUSTOMER)).get(LIST).status_code == 403
    assert signed_in(portal_user(chain.carrier)).get(NEW).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.MANAGER, Role.SALES, Role.LOGISTICS, Role.READ_ONLY]
)
def test_every_internal_role_sees_the_list(chain: Chain, role: str) -> None:
    order = stock_order(chain)

    response = signed_in(user(role)).get(LIST)

    assert response.status_code == 200
    assert order.number in response.content.decode()


def test_an_empty_list_says_how_to_start(chain: Chain) -> None:
    as_sales = signed_in(chain.sales).get(LIST).content.decode()
    as_reader = signed_in(user(Role.READ_ONLY)).get(LIST).content.decode()

    assert "No orders yet" in as_sales and NEW in as_sales
    assert "No orders yet" in as_reader and NEW not in as_reader


# --- filters and sorting -------------------------------------------------------------------------


def test_filters_narrow_the_rows_and_late_orders_are_marked(chain: Chain) -> None:
    on_time = stock_order(chain, quantity=1)
    moved = services.move_stage(
        stock_order(chain, quantity=2, customer=chain.other_customer), to="confirmed", actor=chain.sales
    )
    late = stock_order(chain, quantity=3)
    OrderStage.objects.filter(order=late, state=StageState.ACTIVE).update(
        due_at=timezone.now() - timedelta(hours=3)
    )
    held = services.set_status(
        stock_order(chain, quantity=4), status="on_hold", actor=chain.sales, reason="信用额度"
    )
    client = signed_in(chain.manager)

    by_stage = client.get(LIST, {"stage": "confirmed"})
    only_late = client.get(LIST, {"late": "1"})
    by_status = client.get(LIST, {"status": "on_hold"})
    by_customer = client.get(LIST, {"q": "西南"})
    by_owner = client.get(LIST, {"owner": str(chain.manager.pk)})
    all_rows = client.get(LIST).content.decode()

    assert numbers(by_stage) == [moved.number]
    assert numbers(only_late) == [late.number]
    assert numbers(by_status) == [held.number]
    assert numbers(by_customer) == [moved.number]
    assert numbers(by_owner) == []
    assert "No order matches these filters" in by_owner.content.decode()
    assert all_rows.count('data-testid="late"') == 1 and "信用额度" in all_rows
    assert on_time.number in all_rows


def test_sorting_and_pages(chain: Chain) -> None:
    orders = [stock_order(chain, quantity=q) for q in (3, 1, 2)]
    client = signed_in(chain.manager)

    by_total = client.get(LIST, {"sort": "total"})
    first_page = client.get(LIST, {"per_page": "25", "sort": "-total"})
    bad_sort = client.get(LIST, {"sort": "nonsense", "page": "99"})

    assert numbers(by_total) == [orders[1].number, orders[2].number, orders[0].number]
    assert numbers(first_page)[0] == orders[0].number
    assert bad_sort.status_code == 200 and len(numbers(bad_sort)) == 3


def test_htmx_gets_only_the_rows_and_a_clean_address(chain: Chain) -> None:
    order = stock_order(chain)

    response = signed_in(chain.manager).get(LIST, {"status": "open", "stage": "", "q": ""}, headers=HTMX)

    assert response.status_code == 200
    body = response.content.decode()
    assert order.number in body and "<html" not in body
    assert response["HX-Push-Url"] == f"{LIST}?status=open"


def test_the_list_keeps_a_bounded_number_of_queries(chain: Chain, django_assert_max_num_queries: Any) -> None:
    for quantity in range(1, 8):
        stock_order(chain, quantity=quantity)
    client = signed_in(chain.manager)

    with django_assert_max_num_queries(12):
        response = client.get(LIST)

    assert len(numbers(response)) == 7


# --- CSV export --------------------------------------------------------------------------------------


def test_export_uses_the_filters_and_neutralises_formulas(chain: Chain) -> None:
    order = stock_order(chain, customer_reference='=HYPERLINK("http://evil")')
    stock_order(chain, customer=chain.other_customer)

    response = signed_in(chain.manager).get(
        reverse("fulfilment:order_export"), {"customer": str(chain.customer.pk)}
    )

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Order number"
    assert [r[0] for r in rows[1:]] == [order.number]
    assert rows[1][2].startswith("'=")


def test_export_needs_the_export_right(chain: Chain) -> None:
    stock_order(chain)

    assert signed_in(user(Role.MARKETING)).get(reverse("fulfilment:order_export")).status_code == 403
    assert 'data-testid="export-csv"' not in signed_in(user(Role.MARKETING)).get(LIST).content.decode()


# --- the new order --------------------------------------------------------------------------------------


def new_order_post(chain: Chain, **overrides: Any) -> dict[str, Any]:
    data = {
        "customer": str(chain.customer.pk),
        "customer_name": chain.customer.name,
        "order_type": "make_to_stock",
        "requested_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "ship_to": str(chain.ship_to.pk),
        "payment_terms": "net_30",
        "customer_reference": "采购单-88",
        "notes": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "200",
        "lines-0-product": str(chain.widget.pk),
        "lines-0-product_name": "W-100 · 电热水壶",
        "lines-0-quantity": "3",
        "lines-0-unit_price": "",
        "lines-0-discount_pct": "0",
        "lines-0-tax_rate_pct": "13",
        "lines-1-product": "",
        "lines-1-product_name": "",
        "lines-1-quantity": "",
    }
    return data | overrides


def test_the_form_places_an_order_and_opens_it(chain: Chain) -> None:
    client = signed_in(chain.sales)

    page = client.get(NEW, {"customer": str(chain.customer.pk)})
    response = client.post(NEW, new_order_post(chain))

    assert page.status_code == 200 and chain.customer.name in page.content.decode()
    order = SalesOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fulfilment:order_detail", args=[order.pk]
    )
    assert order.ship_to == chain.ship_to and order.customer_reference == "采购单-88"
    assert order.lines.get().quantity == 3 and order.stage == "received"


def test_service_errors_land_on_the_fields_they_name(chain: Chain) -> None:
    data = new_order_post(
        chain,
        **{
            "lines-1-product": str(chain.machine.pk),
            "lines-1-product_name": "M-500",
            "lines-1-quantity": "0",
            "lines-1-discount_pct": "150",
        },
    )

    response = signed_in(chain.sales).post(NEW, data)

    assert response.status_code == 200
    lines = response.context["lines"].forms
    assert "quantity" in lines[1].errors and "discount_pct" in lines[1].errors
    assert not lines[0].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not SalesOrder.objects.exists()


def test_a_total_beyond_what_an_order_can_hold_is_refused_on_the_lines(chain: Chain) -> None:
    """Each line fits its columns, but together they exceed the order total's column."""
    big = {"quantity": "9999999", "unit_price": "9999999999"}
    data = new_order_post(
        chain,
        **{f"lines-0-{k}": v for k, v in big.items()},
        **{"lines-1-product": str(chain.machine.pk), "lines-1-product_name": "M-500"},
        **{f"lines-1-{k}": v for k, v in big.items()},
    )

    response = signed_in(chain.sales).post(NEW, data)

    assert response.status_code == 200
    assert "The order total is too large." in response.content.decode()
    assert not SalesOrder.objects.exists()


def test_header_errors_and_missing_lines_are_shown(chain: Chain) -> None:
    client = signed_in(chain.sales)

    no_customer = client.post(NEW, new_order_post(chain, customer="", customer_name=""))
    not_a_customer = client.post(NEW, new_order_post(chain, customer=str(chain.supplier.pk), ship_to=""))
    no_lines = client.post(
        NEW,
        new_order_post(chain, **{"lines-0-product": "", "lines-0-product_name": "", "lines-0-quantity": ""}),
    )
    unknown_product = client.post(NEW, new_order_post(chain, **{"lines-0-product": "999999"}))

    assert "customer" in no_customer.context["form"].errors
    assert "customer_name" in not_a_customer.context["form"].errors
    assert "An order needs at least one line." in no_lines.content.decode()
    assert "product_name" in unknown_product.context["lines"].forms[0].errors
    assert not SalesOrder.objects.exists()


def test_read_only_users_cannot_open_the_form(chain: Chain) -> None:
    client = signed_in(user(Role.READ_ONLY))

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, new_order_post(chain)).status_code == 403
    assert not SalesOrder.objects.exists()


def test_pickers_find_customers_and_products_and_reload_the_ship_to(chain: Chain) -> None:
    AddressFactory(party=chain.customer, kind="office", city="苏州市")
    client = signed_in(chain.sales)

    customers = client.get(
        reverse("fulfilment:customer_search"), {"q": "华东"}, headers=HTMX
    ).content.decode()
    suppliers = client.get(
        reverse("fulfilment:customer_search"), {"q": "宁波"}, headers=HTMX
    ).content.decode()
    products = client.get(
        reverse("fulfilment:product_search"), {"lines-0-product_name": "W-1"}, headers=HTMX
    ).content.decode()
    ship_to = client.get(
        reverse("fulfilment:order_ship_to"), {"customer": str(chain.customer.pk)}, headers=HTMX
    )
    row = client.get(reverse("fulfilment:order_line_row"), {"index": "3"}, headers=HTMX).content.decode()

    assert chain.customer.name in customers
    assert chain.supplier.name not in suppliers and "Nothing found." in suppliers
    assert "电热水壶" in products and f'data-pick-id="{chain.widget.pk}"' in products
    options = [value for value, _label in ship_to.context["form"].fields["ship_to"].choices]
    assert options[1] == chain.ship_to.pk and len(options) == 3  # blank, shipping first, office
    assert 'name="lines-3-quantity"' in row and 'value="4"' in row and 'hx-swap-oob="true"' in row
