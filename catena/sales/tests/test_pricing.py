"""Customer pricing: price lists with quantity breaks and validity, the customer's standard
discount, applied to quotes and to orders placed without prices."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catena.accounts.models import User
from catena.catalog.services import price_lists
from catena.core import access
from catena.sales import pricing
from catena.sales import services as order_services
from catena.sales.choices import PriceSource
from catena.sales.models import CustomerTerms
from catena.sales.services import pricing as services_pricing
from catena.sales.tests.factories import PriceListFactory, PriceListItemFactory, ProductFactory, customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup() -> dict:
    product = ProductFactory.create(list_price=Decimal("100.00"))
    price_list = PriceListFactory.create(currency="CNY")
    PriceListItemFactory.create(price_list=price_list, product=product, unit_price=Decimal("90.00"))
    PriceListItemFactory.create(
        price_list=price_list, product=product, unit_price=Decimal("80.00"), min_quantity=Decimal("100")
    )
    buyer = customer()
    CustomerTerms.objects.create(party=buyer, price_list=price_list, discount_pct=Decimal("5"))
    return {"product": product, "price_list": price_list, "buyer": buyer}


def test_the_price_list_applies_with_its_quantity_breaks_and_the_customer_discount(setup: dict) -> None:
    product, buyer = setup["product"], setup["buyer"]

    assert pricing.price_for(buyer, product, 10) == (
        Decimal("90.00"),
        Decimal("5.00"),
        PriceSource.PRICE_LIST,
    )
    assert pricing.price_for(buyer, product, 100).unit_price == Decimal("80.00")
    assert pricing.price_for(buyer, product, "99.999").unit_price == Decimal("90.00")


def test_without_terms_or_a_listed_product_the_list_price_applies(setup: dict) -> None:
    other = ProductFactory.create(list_price=Decimal("55.00"))
    unpriced = ProductFactory.create(list_price=None)

    assert pricing.price_for(customer(), setup["product"], 1) == (
        Decimal("100.00"),
        Decimal("0"),
        "list_price",
    )
    assert pricing.price_for(setup["buyer"], other, 1) == (Decimal("55.00"), Decimal("5.00"), "list_price")
    assert pricing.price_for(setup["buyer"], unpriced, 1).unit_price is None


def test_an_inactive_or_out_of_date_price_list_is_ignored(setup: dict) -> None:
    today = timezone.localdate()
    price_list = setup["price_list"]
    price_list.valid_until = today - timedelta(days=1)
    price_list.save()

    assert pricing.price_for(setup["buyer"], setup["product"], 1).source == PriceSource.LIST_PRICE
    assert (
        pricing.price_for(setup["buyer"], setup["product"], 1, on=today - timedelta(days=2)).source
        == "price_list"
    )
    price_list.valid_until, price_list.is_active = None, False
    price_list.save()
    assert pricing.price_for(setup["buyer"], setup["product"], 1).source == PriceSource.LIST_PRICE


def test_an_order_placed_without_prices_uses_the_customer_price_and_discount(
    setup: dict, sales: User
) -> None:
    order = order_services.place_order(
        setup["buyer"],
        actor=sales,
        lines=[
            order_services.LineInput(product=setup["product"], quantity=120),
            order_services.LineInput(product=setup["product"], quantity=2, unit_price="70", discount_pct=0),
        ],
    )

    first, second = order.lines.order_by("line_no")
    assert (first.unit_price, first.discount_pct) == (Decimal("80.00"), Decimal("5.00"))
    assert (second.unit_price, second.discount_pct) == (Decimal("70.00"), Decimal("0"))
    assert order.total_net == Decimal("9120.00") + Decimal("140.00")


def test_only_managers_write_price_lists_and_terms(setup: dict, sales: User, manager: User) -> None:
    with pytest.raises(access.PermissionDenied):
        price_lists.set_price(setup["price_list"], actor=sales, product=setup["product"], unit_price=1)
    with pytest.raises(access.PermissionDenied):
        services_pricing.set_customer_terms(setup["buyer"], actor=sales, discount_pct=50)

    item = price_lists.set_price(
        setup["price_list"], actor=manager, product=setup["product"], unit_price="85", min_quantity=100
    )
    terms = services_pricing.set_customer_terms(setup["buyer"], actor=manager, discount_pct="7.5")

    assert item.unit_price == Decimal("85") and setup["price_list"].items.count() == 2
    assert terms.discount_pct == Decimal("7.5")
    assert pricing.price_for(setup["buyer"], setup["product"], 100) == (
        Decimal("85.00"),
        Decimal("7.50"),
        "price_list",
    )


def test_price_list_input_errors_name_the_fields(manager: User, setup: dict) -> None:
    with pytest.raises(ValidationError) as error:
        price_lists.create_price_list(
            actor=manager,
            name=setup["price_list"].name,
            currency="XXX",
            valid_from="2027-02-01",
            valid_until="2027-01-01",
        )
    assert {"name", "currency", "valid_until"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        price_lists.set_price(
            setup["price_list"], actor=manager, product=setup["product"], unit_price="-1", min_quantity=0
        )
    assert {"unit_price", "min_quantity"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services_pricing.set_customer_terms(
            setup["buyer"], actor=manager, discount_pct=120, payment_terms="never"
        )
    assert {"discount_pct", "payment_terms"} <= set(error.value.message_dict)
