"""Use cases of sales orders: place an order, change its header, put it on hold, cancel it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.catalog.models import Product
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.money import default_currency, quantize
from catena.parties.choices import BUYING_ROLES, PartyStatus
from catena.parties.models import Address, Party
from catena.sales.choices import LineFulfilment, OrderType, PaymentTerms
from catena.sales.field_checks import MAX_PRICE, MAX_QUANTITY, MAX_TOTAL
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.sales.pricing import CustomerPricing
from catena.sales.signals import order_placed

HEADER_FIELDS = (
    "customer_reference",
    "requested_date",
    "promised_date",
    "ship_to",
    "payment_terms",
    "notes",
    "owner",
)


# bounds the database columns impose (quantity 14 digits with 3 decimals, money 18 with 2)


class StaleVersion(Exception):
    """The record changed since the caller read it (another user acted first); nothing was written."""

    def __init__(self, obj: Any, expected: int, actual: int) -> None:
        super().__init__(f"{obj} is at version {actual}, not {expected}")
        self.obj = obj
        self.expected = expected
        self.actual = actual


@dataclass
class LineInput:
    product: Product
    quantity: Decimal | int | str
    unit_price: Decimal | int | str | None = None  # the customer's price (see pricing) when None
    discount_pct: Decimal | int | str | None = None  # the customer's standard discount when None
    tax_rate_pct: Decimal | int | str = 13
    fulfilment: str | None = None  # from the order type when None
    description: str = ""


def check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise StaleVersion(obj, expected, obj.version)


def _decimal(
    value: Any,
    field: str,
    errors: dict[str, list[str]],
    *,
    low: Decimal,
    high: Decimal | None = None,
    inclusive_low: bool = True,
) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    if not number.is_finite() or number < low or (not inclusive_low and number == low):
        errors.setdefault(field, []).append(
            _("Must be greater than %(low)s.") % {"low": low}
            if not inclusive_low
            else _("Must be at least %(low)s.") % {"low": low}
        )
        return None
    if high is not None and number > high:
        errors.setdefault(field, []).append(_("Must be at most %(high)s.") % {"high": high})
        return None
    return number


def clean_lines(
    lines: Sequence[LineInput],
    order_type: str,
    *,
    customer: Party | None = None,
    on: date | None = None,
    pricing: CustomerPricing | None = None,
) -> tuple[list[SalesOrderLine], dict[str, list[str]]]:
    """Validate order lines; errors are keyed ``lines.<index>.<field>``.

    A line without a unit price gets the customer's price (price list and quantity break, else
    the list price); a line without a discount gets the customer's standard discount."""
    errors: dict[str, list[str]] = {}
    pricing = pricing or CustomerPricing(customer, on)
    built: list[SalesOrderLine] = []
    if not lines:
        errors["lines"] = [_("An order needs at least one line.")]
    default_fulfilment = (
        LineFulfilment.MAKE if order_type == OrderType.MAKE_TO_ORDER else LineFulfilment.STOCK
    )
    for index, line in enumerate(lines):
        prefix = f"lines.{index}."
        if not line.product.is_active:
            errors[prefix + "product"] = [_("This product is no longer sold.")]
        quantity = _decimal(
            line.quantity, prefix + "quantity", errors, low=Decimal(0), high=MAX_QUANTITY, inclusive_low=False
        )
        price_value = line.unit_price
        if price_value is None:
            price_value = pricing.price(line.product, line.quantity).unit_price
        if price_value is None:
            errors[prefix + "unit_price"] = [_("This product has no list price; give a unit price.")]
            price = None
        else:
            price = _decimal(price_value, prefix + "unit_price", errors, low=Decimal(0), high=MAX_PRICE)
        discount = _decimal(
            line.discount_pct if line.discount_pct is not None else pricing.discount_pct,
            prefix + "discount_pct",
            errors,
            low=Decimal(0),
            high=Decimal(100),
        )
        tax = _decimal(line.tax_rate_pct, prefix + "tax_rate_pct", errors, low=Decimal(0), high=Decimal(100))
        fulfilment = line.fulfilment or default_fulfilment
        if fulfilment not in LineFulfilment.values:
            errors[prefix + "fulfilment"] = [
                _("“%(value)s” is not one of the allowed values.") % {"value": fulfilment}
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
        errors["lines"] = [_("The order total is too large.")]
    return built, errors


def _check_header(data: Mapping[str, Any], customer: Party, errors: dict[str, list[str]]) -> None:
    if "payment_terms" in data and data["payment_terms"] not in PaymentTerms.values:
        errors["payment_terms"] = [
            _("“%(value)s” is not one of the allowed values.") % {"value": data["payment_terms"]}
        ]
    ship_to = data.get("ship_to")
    if ship_to is not None and (not isinstance(ship_to, Address) or ship_to.party_id != customer.pk):
        errors["ship_to"] = [_("The ship-to address must be one of the customer's addresses.")]
    requested = data.get("requested_date")
    if requested is not None and not isinstance(requested, date):
        errors["requested_date"] = [_("Enter a valid date.")]
    owner = data.get("owner")
    if owner is not None and (not isinstance(owner, User) or not owner.is_active):
        errors["owner"] = [_("No such active user.")]


def _totals(order: SalesOrder, lines: Sequence[SalesOrderLine]) -> None:
    order.total_net = quantize(sum((line.net_amount for line in lines), Decimal(0)))
    order.total_tax = quantize(sum((line.tax_amount for line in lines), Decimal(0)))


@transaction.atomic
def place_order(
    customer: Party,
    *,
    actor: User | None,
    lines: Sequence[LineInput],
    order_type: str = OrderType.MAKE_TO_STOCK,
    ordered_at: datetime | None = None,
    requested_date: date | None = None,
    ship_to: Address | None = None,
    payment_terms: str = PaymentTerms.NET_30,
    customer_reference: str = "",
    notes: str = "",
    owner: User | None = None,
    currency: str | None = None,
) -> SalesOrder:
    """Record a customer's order with its lines; its flow starts in the same transaction."""
    if actor is not None:
        access.ensure(actor, access.ADD, SalesOrder)
        access.ensure(actor, access.VIEW, customer)
    errors: dict[str, list[str]] = {}
    if order_type not in OrderType.values:
        errors["order_type"] = [_("“%(value)s” is not one of the allowed values.") % {"value": order_type}]
    if customer.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
        errors["customer"] = [_("This party is blocked or archived; it cannot place orders.")]
    elif not customer.roles.filter(role__in=BUYING_ROLES).exists():
        errors["customer"] = [_("This party is not a customer, retailer or distributor.")]
    header = {
        "payment_terms": payment_terms,
        "ship_to": ship_to,
        "requested_date": requested_date,
        "owner": owner,
    }
    _check_header(header, customer, errors)
    pricing = CustomerPricing(customer, timezone.localdate(ordered_at) if ordered_at else None)
    built, line_errors = clean_lines(lines, order_type, pricing=pricing)
    errors.update(line_errors)
    if errors:
        raise ValidationError(errors)
    (pk,) = reserve_ids(SalesOrder, 1)
    now = timezone.now()
    order = SalesOrder(
        pk=pk,
        number=f"SO-{pk:07d}",
        customer=customer,
        order_type=order_type,
        ordered_at=ordered_at or now,
        requested_date=requested_date,
        ship_to=ship_to,
        payment_terms=payment_terms,
        customer_reference=customer_reference[:60],
        notes=notes,
        owner=owner
        or (actor if actor is not None and not getattr(actor, "is_superuser", False) else customer.owner),
        currency=currency or pricing.currency or default_currency(),
    )
    _totals(order, built)
    order._history_user = actor  # type: ignore[attr-defined]
    order.save(force_insert=True)
    for line in built:
        line.order = order
    SalesOrderLine.objects.bulk_create(built)
    events.emit(
        "sales_order.placed",
        order,
        actor=actor,
        payload={
            "number": order.number,
            "customer": customer.pk,
            "order_type": order_type,
            "total_net": str(order.total_net),
        },
    )
    order_placed.send(sender=SalesOrder, order=order, actor=actor)
    return order


@transaction.atomic
def update_order(
    order: SalesOrder, *, actor: User | None, expected_version: int | None = None, **changes: Any
) -> SalesOrder:
    """Change header fields (reference, dates, ship-to, payment terms, notes, owner)."""
    order = SalesOrder.objects.select_for_update().get(pk=order.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, order)
    check_version(order, expected_version)
    errors: dict[str, list[str]] = {}
    for key in changes:
        if key not in HEADER_FIELDS:
            errors[key] = [_("Unknown field.")]
    _check_header(changes, order.customer, errors)
    if not order.is_active:
        errors["__all__"] = [_("A cancelled or closed order cannot be changed.")]
    if errors:
        raise ValidationError(errors)
    for key, value in changes.items():
        setattr(order, key, value)
    order.version += 1
    order._history_user = actor  # type: ignore[attr-defined]
    order.save()
    events.emit("sales_order.updated", order, actor=actor, payload={"fields": sorted(changes)})
    return order
