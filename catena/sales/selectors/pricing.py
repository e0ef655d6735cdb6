"""Reads of customer pricing shared by the pages and the API: price lists with their use, their
prices grouped by product, the customers on a list, a customer's terms and a price check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from catena.catalog.models import PriceList, PriceListItem, Product
from catena.core import access
from catena.core.money import quantize
from catena.parties.models import Party
from catena.sales import pricing
from catena.sales.choices import PriceSource
from catena.sales.models import CustomerTerms


def _count_of(rows: QuerySet[Any], **link: Any) -> Coalesce:
    counted = rows.filter(**link).order_by().values(*link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _visible_terms(user: Any) -> QuerySet[CustomerTerms]:
    """The terms ``user`` may read, of customers ``user`` may see."""
    parties = access.restrict(Party.objects.all(), user, access.VIEW)
    return access.restrict(CustomerTerms.objects.all(), user, access.VIEW).filter(
        party__in=parties.values("pk")
    )


def price_list_list(user: Any, *, q: str = "") -> QuerySet[PriceList]:
    """The price lists ``user`` may see, each with ``price_count`` (its quantity breaks) and
    ``customer_count`` (the customers whose terms name it, of those ``user`` may see: the same
    customers the detail page lists)."""
    found = access.restrict(PriceList.objects.all(), user, access.VIEW)
    if q:
        found = found.filter(name__icontains=q)
    return found.annotate(
        price_count=_count_of(PriceListItem.objects.all(), price_list=OuterRef("pk")),
        customer_count=_count_of(_visible_terms(user), price_list=OuterRef("pk")),
    ).order_by("name", "id")


def visible_price_list(user: Any, pk: int) -> PriceList | None:
    return access.restrict(PriceList.objects.all(), user, access.VIEW).filter(pk=pk).first()


@dataclass
class ProductPrices:
    """One product on a price list with its quantity breaks, lowest quantity first."""

    product: Product
    breaks: list[PriceListItem] = field(default_factory=list)


def priced_products(price_list: PriceList) -> QuerySet[Product]:
    """The products ``price_list`` prices, by SKU (page these, then ask ``prices_by_product``)."""
    return Product.objects.filter(price_list_items__price_list=price_list).distinct().order_by("sku")


def prices_by_product(price_list: PriceList, products: list[Product]) -> list[ProductPrices]:
    """The quantity breaks of ``products`` on ``price_list``, grouped by product (in the given order)."""
    groups = {product.pk: ProductPrices(product) for product in products}
    items = PriceListItem.objects.filter(price_list=price_list, product__in=list(groups)).order_by(
        "product_id", "min_quantity"
    )
    for item in items:
        item.product = groups[item.product_id].product
        groups[item.product_id].breaks.append(item)
    return list(groups.values())


def price_list_customers(user: Any, price_list: PriceList) -> QuerySet[CustomerTerms]:
    """The terms naming ``price_list``, of the customers ``user`` may see, by customer name."""
    return (
        _visible_terms(user)
        .filter(price_list=price_list)
        .select_related("party")
        .order_by("party__name", "party_id")
    )


def customers_using(price_list: PriceList) -> int:
    """How many customers' terms name ``price_list`` (which then may not be deleted)."""
    return CustomerTerms.objects.filter(price_list=price_list).count()


def terms_of(party: Party) -> CustomerTerms:
    """The customer's terms; unsaved defaults (no price list, no discount) when none were set."""
    terms = CustomerTerms.objects.filter(party=party).select_related("price_list").first()
    return terms if terms is not None else CustomerTerms(party=party)


@dataclass(frozen=True)
class PriceCheck:
    """What a customer would be charged per unit: ``pricing.price_for``'s answer, with the
    currency it is in and the unit price after the customer's standard discount."""

    unit_price: Decimal | None
    discount_pct: Decimal
    source: str
    currency: str
    net_unit_price: Decimal | None
    total: Decimal | None
    price_break: PriceListItem | None


def price_check(
    customer: Party, product: Product, quantity: Decimal, *, on: date | None = None
) -> PriceCheck:
    prices = pricing.CustomerPricing(customer, on)
    found = prices.price(product, quantity)
    price_break = prices.list_item(product, quantity) if found.source == PriceSource.PRICE_LIST else None
    currency = prices.currency if price_break is not None else product.currency
    net = total = None
    if found.unit_price is not None:  # as a quote line with this price and discount would count
        share = (Decimal(100) - found.discount_pct) / Decimal(100)
        net = quantize(found.unit_price * share)
        total = quantize(quantity * found.unit_price * share)
    return PriceCheck(
        unit_price=found.unit_price,
        discount_pct=found.discount_pct,
        source=found.source,
        currency=currency or product.currency,
        net_unit_price=net,
        total=total,
        price_break=price_break,
    )
