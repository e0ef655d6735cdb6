"""What a customer pays for a product: its price list (with quantity breaks), else the product's
list price, less the customer's standard discount. Quotes and orders ask here when a line comes
without a price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from catena.catalog.models import PriceList, PriceListItem, Product
from catena.parties.models import Party
from catena.sales.choices import PriceSource
from catena.sales.models import CustomerTerms


class Price(NamedTuple):
    unit_price: Decimal | None  # None: neither the price list nor the product has a price
    discount_pct: Decimal
    source: str  # a PriceSource value


class CustomerPricing:
    """Prices for one customer on one day; reads the customer's terms once for many lines."""

    def __init__(self, customer: Party | None, on: date | None = None) -> None:
        self.on = on or timezone.localdate()
        terms = (
            CustomerTerms.objects.filter(party=customer).select_related("price_list").first()
            if customer
            else None
        )
        self.discount_pct = terms.discount_pct if terms is not None else Decimal("0")
        self.payment_terms = terms.payment_terms if terms is not None else None
        price_list = terms.price_list if terms is not None else None
        self.price_list: PriceList | None = (
            price_list if price_list is not None and price_list.is_valid_on(self.on) else None
        )

    @property
    def currency(self) -> str | None:
        """The currency of the customer's valid price list, if it has one."""
        return self.price_list.currency if self.price_list is not None else None

    def list_item(self, product: Product, quantity: Decimal) -> PriceListItem | None:
        """The highest quantity break of ``product`` that ``quantity`` reaches."""
        if self.price_list is None:
            return None
        return (
            PriceListItem.objects.filter(
                price_list=self.price_list, product=product, min_quantity__lte=quantity
            )
            .order_by("-min_quantity")
            .first()
        )

    def price(self, product: Product, quantity: Decimal | int | str) -> Price:
        try:
            amount = Decimal(str(quantity))
        except ArithmeticError:
            amount = Decimal("1")
        if not amount.is_finite() or amount <= 0:
            amount = Decimal("1")
        item = self.list_item(product, amount)
        if item is not None:
            return Price(item.unit_price, self.discount_pct, PriceSource.PRICE_LIST)
        if product.list_price is not None:
            return Price(product.list_price, self.discount_pct, PriceSource.LIST_PRICE)
        return Price(None, self.discount_pct, PriceSource.NONE)


def price_for(
    customer: Party | None, product: Product, quantity: Decimal | int | str, *, on: date | None = None
) -> Price:
    """``(unit_price, discount_pct, source)`` for ``quantity`` of ``product`` sold to ``customer``
    on day ``on`` (today by default)."""
    return CustomerPricing(customer, on).price(product, quantity)
