"""Placing an order and changing its header (reference, dates, ship-to, payment terms, notes,
owner)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.money import default_currency, quantize
from catena.core.versions import check_version
from catena.parties.choices import BUYING_ROLES, PartyStatus
from catena.parties.models import Address, Party
from catena.sales.choices import OrderType, PaymentTerms
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.sales.pricing import CustomerPricing
from catena.sales.services.orders.lines import LineInput, clean_lines

HEADER_FIELDS = (
    "customer_reference",
    "requested_date",
    "promised_date",
    "ship_to",
    "payment_terms",
    "notes",
    "owner",
)


def _check_header(data: Mapping[str, Any], customer: Party, errors: dict[str, list[ValidationError]]) -> None:
    if "payment_terms" in data and data["payment_terms"] not in PaymentTerms.values:
        errors["payment_terms"] = [
            ValidationError(
                _("“%(value)s” is not one of the allowed values.") % {"value": data["payment_terms"]},
                code="invalid_choice",
            )
        ]
    ship_to = data.get("ship_to")
    if ship_to is not None and (not isinstance(ship_to, Address) or ship_to.party_id != customer.pk):
        errors["ship_to"] = [
            ValidationError(
                _("The ship-to address must be one of the customer's addresses."),
                code="order.ship_to_not_customers",
            )
        ]
    requested = data.get("requested_date")
    if requested is not None and not isinstance(requested, date):
        errors["requested_date"] = [ValidationError(_("Enter a valid date."), code="invalid")]
    if data.get("owner") is not None:
        try:
            eligible_owner(data["owner"], kind="sales_order")
        except ValidationError as exc:
            errors["owner"] = exc.error_list


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
    """Record a customer's order with its lines.

    This is the sales part of placing an order only: an order is placed from above, by
    ``catena.fulfilment.services.orders.place_order``, which starts its flow in the same
    transaction, so that no order exists without its stages."""
    if actor is not None:
        access.ensure(actor, access.ADD, SalesOrder)
        access.ensure(actor, access.VIEW, customer)
    errors: dict[str, list[ValidationError]] = {}
    if order_type not in OrderType.values:
        errors["order_type"] = [
            ValidationError(
                _("“%(value)s” is not one of the allowed values.") % {"value": order_type},
                code="invalid_choice",
            )
        ]
    if customer.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
        errors["customer"] = [
            ValidationError(
                _("This party is blocked or archived; it cannot place orders."), code="party.blocked"
            )
        ]
    elif not customer.roles.filter(role__in=BUYING_ROLES).exists():
        errors["customer"] = [
            ValidationError(
                _("This party is not a customer, retailer or distributor."), code="party.not_a_buyer"
            )
        ]
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
    save_with_history(order, actor=actor, force_insert=True)
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
    errors: dict[str, list[ValidationError]] = {}
    for key in changes:
        if key not in HEADER_FIELDS:
            errors[key] = [ValidationError(_("Unknown field."), code="unknown_field")]
    _check_header(changes, order.customer, errors)
    if not order.is_active:
        errors["__all__"] = [
            ValidationError(_("A cancelled or closed order cannot be changed."), code="order.not_editable")
        ]
    if errors:
        raise ValidationError(errors)
    for key, value in changes.items():
        setattr(order, key, value)
    order.version += 1
    save_with_history(order, actor=actor)
    events.emit("sales_order.updated", order, actor=actor, payload={"fields": sorted(changes)})
    return order
