"""The seeded customer pricing: three price lists with quantity breaks (one valid with no end, one
ending in a few months, one no longer valid), and sales terms for a share of the customers.

One seed at scale 1 serves most of the module: it is written once inside a transaction that is
rolled back when the module is done. That the same seed gives the same prices and terms is
checked in ``test_seed``, on empty databases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from catena.catalog.models import PriceList, PriceListItem, Product
from catena.core.money import default_currency
from catena.demo.products import MATERIAL_GROUPS
from catena.demo.seed import SeedResult, seed_demo_data
from catena.demo.users import ensure_demo_users
from catena.parties.choices import PartyKind
from catena.parties.choices import PartyRoleType as R
from catena.parties.models import Party, PartyRole
from catena.sales import pricing
from catena.sales.choices import PaymentTerms, PriceSource
from catena.sales.models import CustomerTerms

pytestmark = pytest.mark.django_db
CUSTOMER_LIKE = (R.CUSTOMER, R.RETAILER, R.DISTRIBUTOR)
NAMES = {"一级经销商价", "大客户协议价", "华东零售价"}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[SeedResult]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        ensure_demo_users()
        result = seed_demo_data(scale=1, seed=9)
        yield result
        transaction.set_rollback(True)


def breaks_by_product() -> dict[tuple[int, int], list[tuple[Decimal, Decimal]]]:
    breaks: dict[tuple[int, int], list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for list_id, product_id, quantity, price in PriceListItem.objects.order_by(
        "price_list_id", "product_id", "min_quantity"
    ).values_list("price_list_id", "product_id", "min_quantity", "unit_price"):
        breaks[(list_id, product_id)].append((quantity, price))
    return breaks


def test_three_price_lists_one_open_ended_one_ending_soon_one_not_valid_today(world: SeedResult) -> None:
    today = timezone.localdate()
    lists = {p.name: p for p in PriceList.objects.all()}

    assert set(lists) == NAMES and world.counts["price_lists"] == 3
    assert {p.currency for p in lists.values()} == {default_currency()}
    distributor, agreement, retail = lists["一级经销商价"], lists["大客户协议价"], lists["华东零售价"]
    assert distributor.is_valid_on(today) and distributor.valid_until is None
    assert agreement.is_valid_on(today) and agreement.valid_from is not None
    assert agreement.valid_from < today and agreement.valid_until is not None
    assert today + timedelta(days=30) < agreement.valid_until < today + timedelta(days=200)
    assert not retail.is_valid_on(today)
    assert set(PriceList.objects.valid_on(today)) == {distributor, agreement}
    assert all(p.created_at < timezone.now() and p.notes for p in lists.values())


def test_each_list_prices_a_share_of_the_goods_cheaper_the_more_is_bought(world: SeedResult) -> None:
    products = {p.pk: p for p in Product.objects.select_related("category__parent")}
    breaks = breaks_by_product()

    assert world.counts["price_list_items"] == PriceListItem.objects.count() == sum(map(len, breaks.values()))
    for price_list in PriceList.objects.all():
        priced = [pid for list_id, pid in breaks if list_id == price_list.pk]
        assert 0.2 <= len(priced) / len(products) <= 0.4, price_list.name
    counts = [len(found) for found in breaks.values()]
    assert min(counts) == 1 and max(counts) == 3
    for (_list_id, product_id), found in breaks.items():
        product = products[product_id]
        category = product.category
        assert category is not None and (category.parent or category).name not in MATERIAL_GROUPS
        assert product.list_price is not None and product.standard_cost is not None
        quantities = [quantity for quantity, _price in found]
        prices = [price for _quantity, price in found]
        assert quantities[0] == 1 and quantities == sorted(set(quantities))
        assert prices == sorted(prices, reverse=True) and len(set(prices)) == len(prices), found
        assert product.standard_cost < prices[-1] and prices[0] < product.list_price


def test_a_share_of_the_customers_have_terms_most_distributors_on_their_list(world: SeedResult) -> None:
    roles: dict[int, set[str]] = defaultdict(set)
    for party_id, role in PartyRole.objects.values_list("party_id", "role"):
        roles[party_id].add(role)
    customer_like = {pid for pid, played in roles.items() if played & set(CUSTOMER_LIKE)}
    terms = list(CustomerTerms.objects.select_related("party", "price_list"))
    lists = {p.pk: p.name for p in PriceList.objects.all()}

    assert world.counts["customer_terms"] == len(terms)
    assert 0.15 <= len(terms) / len(customer_like) <= 0.25
    assert {t.party_id for t in terms} <= customer_like  # only customer-like parties have terms
    assert not [t for t in terms if t.party.kind == PartyKind.PERSON]
    assert all(t.price_list_id is None or t.price_list_id in lists for t in terms)
    assert {t.price_list.name for t in terms if t.price_list} == NAMES  # every list has customers
    assert [t for t in terms if t.price_list is None]  # some were granted terms without a list
    assert all(Decimal(0) <= t.discount_pct <= Decimal(8) for t in terms)
    assert all(t.payment_terms in PaymentTerms.values for t in terms)
    assert all(t.updated_at < timezone.now() for t in terms)
    distributors = {pid for pid, played in roles.items() if R.DISTRIBUTOR in played}
    on_their_list = [t for t in terms if t.party_id in distributors and t.price_list_id is not None]
    assert len(on_their_list) >= len(distributors) / 2
    assert {lists[t.price_list_id] for t in on_their_list if t.price_list_id} == {"一级经销商价"}


def test_quotes_price_a_customer_on_a_valid_list_from_its_breaks_and_others_from_list_prices(
    world: SeedResult,
) -> None:
    breaks = breaks_by_product()
    distributor = PriceList.objects.get(name="一级经销商价")
    terms = CustomerTerms.objects.filter(price_list=distributor).select_related("party").first()
    (list_id, product_id), found = next(
        (key, found) for key, found in breaks.items() if key[0] == distributor.pk and len(found) > 1
    )
    product = Product.objects.get(pk=product_id)
    assert terms is not None

    small = pricing.price_for(terms.party, product, 1)
    large = pricing.price_for(terms.party, product, found[-1][0] * 2)

    assert (small.unit_price, small.source) == (found[0][1], PriceSource.PRICE_LIST)
    assert (large.unit_price, large.source) == (found[-1][1], PriceSource.PRICE_LIST)
    assert small.discount_pct == terms.discount_pct
    expired = CustomerTerms.objects.filter(price_list__name="华东零售价").select_related("party").first()
    assert expired is not None
    meanwhile = pricing.price_for(expired.party, product, 1)
    assert (meanwhile.unit_price, meanwhile.source) == (product.list_price, PriceSource.LIST_PRICE)


def test_appending_keeps_the_price_lists_and_gives_new_customers_terms_on_them(world: SeedResult) -> None:
    before = (list(PriceList.objects.values_list("id", "name")), PriceListItem.objects.count())
    terms = CustomerTerms.objects.count()
    first_new = (Party.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1

    result = seed_demo_data(scale=0.2, seed=9, append=True)

    assert (list(PriceList.objects.values_list("id", "name")), PriceListItem.objects.count()) == before
    assert "price_lists" not in result.counts or result.counts["price_lists"] == 0
    added = CustomerTerms.objects.filter(party_id__gte=first_new)
    assert added.count() == CustomerTerms.objects.count() - terms == result.counts["customer_terms"] > 0
    assert set(added.exclude(price_list=None).values_list("price_list__name", flat=True)) <= NAMES
