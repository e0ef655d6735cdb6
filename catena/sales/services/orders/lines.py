"""An order's lines: what a caller gives for each, and the check that prices and builds them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catena.catalog.models import Product
from catena.core.money import MAX_PRICE, MAX_QUANTITY, MAX_TOTAL, quantize
from catena.parties.models import Party
from catena.sales.choices import LineFulfilment, OrderType
from catena.sales.models import SalesOrderLine
from catena.sales.pricing import CustomerPricing

# bounds the database columns impose (quantity 14 digits with 3 decimals, money 18 with 2)


@dataclass
class LineInput:
    product: Product
    quantity: Decimal | int | str
    unit_price: Decimal | int | str | None = None  # the customer's price (see pricing) when None
    discount_pct: Decimal | int | str | None = None  # the customer's standard discount when None
    tax_rate_pct: Decimal | int | str = 13
    fulfilment: str | None = None  # from the order type when None
    description: str = ""


def bounded_decimal(
    value: Any,
    field: str,
    errors: dict[str, list[ValidationError]],
    *,
    low: Decimal,
    high: Decimal | None = None,
    inclusive_low: bool = True,
) -> Decimal | None:
    """``value`` as a number from ``low`` to ``high``; else None, with the reason added to
    ``errors`` under ``field``."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors.setdefault(field, []).append(ValidationError(_("Enter a number."), code="invalid"))
        return None
    if not number.is_finite() or number < low or (not inclusive_low and number == low):
        message = (
            _("Must be greater than %(low)s.") % {"low": low}
            if not inclusive_low
            else _("Must be at least %(low)s.") % {"low": low}
        )
        errors.setdefault(field, []).append(ValidationError(message, code="out_of_range"))
        return None
    if high is not None and number > high:
        message = _("Must be at most %(high)s.") % {"high": high}
        errors.setdefault(field, []).append(ValidationError(message, code="out_of_range"))
        return None
    return number


def clean_lines(
    lines: Sequence[LineInput],
    order_type: str,
    *,
    customer: Party | None = None,
    on: date | None = None,
    pricing: CustomerPricing | None = None,
) -> tuple[list[SalesOrderLine], dict[str, list[ValidationError]]]:
    """Validate order lines; errors are keyed ``lines.<index>.<field>``.

    A line without a unit price gets the customer's price (price list and quantity break, else
    the list price); a line without a discount gets the customer's standard discount."""
    errors: dict[str, list[ValidationError]] = {}
    pricing = pricing or CustomerPricing(customer, on)
    built: list[SalesOrderLine] = []
    if not lines:
        errors["lines"] = [ValidationError(_("An order needs at least one line."), code="order.no_lines")]
    default_fulfilment = (
        LineFulfilment.MAKE if order_type == OrderType.MAKE_TO_ORDER else LineFulfilment.STOCK
    )
    for index, line in enumerate(lines):
        prefix = f"lines.{index}."
        if not line.product.is_active:
            errors[prefix + "product"] = [
                ValidationError(_("This product is no longer sold."), code="product.not_sold")
            ]
        quantity = bounded_decimal(
            line.quantity, prefix + "quantity", errors, low=Decimal(0), high=MAX_QUANTITY, inclusive_low=False
        )
        price_value = line.unit_price
        if price_value is None:
            price_value = pricing.price(line.product, line.quantity).unit_price
        if price_value is None:
            errors[prefix + "unit_price"] = [
                ValidationError(
                    _("This product has no list price; give a unit price."), code="product.no_price"
                )
            ]
            price = None
        else:
            price = bounded_decimal(
                price_value, prefix + "unit_price", errors, low=Decimal(0), high=MAX_PRICE
            )
        discount = bounded_decimal(
            line.discount_pct if line.discount_pct is not None else pricing.discount_pct,
            prefix + "discount_pct",
            errors,
            low=Decimal(0),
            high=Decimal(100),
        )
        tax = bounded_decimal(
            line.tax_rate_pct, prefix + "tax_rate_pct", errors, low=Decimal(0), high=Decimal(100)
        )
        fulfilment = line.fulfilment or default_fulfilment
        if fulfilment not in LineFulfilment.values:
            errors[prefix + "fulfilment"] = [
                ValidationError(
                    _("“%(value)s” is not one of the allowed values.") % {"value": fulfilment},
                    code="invalid_choice",
                )
            ]
        if quantity is None or price is None or discount is None or tax is None:
            continue
        built.append(
            SalesOrderLine(
                line_no=index + 1,
                product=line.product,
                description=(line.description or "")[:200],
                quantity=quantity,
                unit_price=quantize(price),
                discount_pct=discount,
                tax_rate_pct=tax,
                fulfilment=fulfilment,
            )
        )
    if built and sum((line.net_amount for line in built), Decimal(0)) > MAX_TOTAL:
        errors["lines"] = [ValidationError(_("The order total is too large."), code="total_too_large")]
    return built, errors
