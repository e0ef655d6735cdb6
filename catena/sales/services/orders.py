"""The order lifecycle: place an order, change its header, its status, its current stage, record
its invoices and what has shipped.

Sales owns the sales order, its lines and its status (ADR 0009). Every status change, from any
app, goes through ``change_status``, which enforces ``STATUS_TRANSITIONS`` and emits
``order.status_changed``; the flow (fulfilment, a higher layer) calls ``enter_stage`` to record the
stage the order is in, and composes placing an order with starting its stages."""

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
from catena.accounts.services import eligible_owner
from catena.catalog.models import Product
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.money import MAX_PRICE, MAX_QUANTITY, MAX_TOTAL, default_currency, quantize
from catena.core.versions import check_version
from catena.parties.choices import BUYING_ROLES, PartyStatus
from catena.parties.models import Address, Party
from catena.sales.choices import STATUS_TRANSITIONS, LineFulfilment, OrderStatus, OrderType, PaymentTerms
from catena.sales.models import OrderInvoice, SalesOrder, SalesOrderLine
from catena.sales.pricing import CustomerPricing

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


@dataclass
class LineInput:
    product: Product
    quantity: Decimal | int | str
    unit_price: Decimal | int | str | None = None  # the customer's price (see pricing) when None
    discount_pct: Decimal | int | str | None = None  # the customer's standard discount when None
    tax_rate_pct: Decimal | int | str = 13
    fulfilment: str | None = None  # from the order type when None
    description: str = ""


def _decimal(
    value: Any,
    field: str,
    errors: dict[str, list[ValidationError]],
    *,
    low: Decimal,
    high: Decimal | None = None,
    inclusive_low: bool = True,
) -> Decimal | None:
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
        quantity = _decimal(
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


# --- the lifecycle: the one writer of status, stage and version -----------------------------------


def locked(order: SalesOrder | int) -> SalesOrder:
    """The order, locked for this transaction; its customer and owner come along unlocked, so that
    moves of two orders of the same customer do not wait for each other."""
    pk = order if isinstance(order, int) else order.pk
    return SalesOrder.objects.select_for_update(of=("self",)).select_related("customer", "owner").get(pk=pk)


def status_note(order: SalesOrder, status: str, reason: str) -> None:
    """The customer's timeline says where the order stands now."""
    log_interaction(
        order.customer,
        actor=None,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=(
            _("Order %(number)s is now %(status)s")
            % {"number": order.number, "status": OrderStatus(status).label}
        )[:200],
        body=reason,
        related=order,
        system=True,
    )


@transaction.atomic
def change_status(
    order: SalesOrder,
    *,
    status: str,
    actor: User | None,
    reason: str = "",
    expected_version: int | None = None,
    flow_complete: bool = False,
    access_checked: bool = False,
) -> SalesOrder:
    """Change the order's status: the one writer of ``status`` for every app.

    The move must be in ``STATUS_TRANSITIONS``; holding and cancelling need a reason; closing
    needs ``flow_complete`` (the caller that runs the order's flow says every non-optional stage
    is done). ``access_checked`` is for a change that follows from another use case whose access
    check already passed (the last stage reached, goods picked up by the carrier). Emits
    ``order.status_changed`` and notes the change on the customer's timeline."""
    order = locked(order)
    if actor is not None and not access_checked:
        access.ensure(actor, access.CHANGE, order)
    check_version(order, expected_version)
    if status not in OrderStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("“%(value)s” is not one of the allowed values.") % {"value": status},
                    code="invalid_choice",
                )
            }
        )
    if status not in STATUS_TRANSITIONS.get(order.status, frozenset()):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("An order that is %(current)s cannot become %(new)s.")
                    % {"current": order.get_status_display(), "new": OrderStatus(status).label},
                    code="order.transition_not_allowed",
                )
            }
        )
    reason = reason.strip()
    if status in (OrderStatus.ON_HOLD, OrderStatus.CANCELLED) and not reason:
        raise ValidationError({"reason": ValidationError(_("Say why."), code="required")})
    if status == OrderStatus.CLOSED and not flow_complete:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Only an order whose stages are all done can be closed."), code="order.stages_not_done"
                )
            }
        )
    previous = order.status
    order.status, order.status_reason = status, reason[:200]
    order.version += 1
    save_with_history(order, actor=actor, update_fields=["status", "status_reason", "version", "updated_at"])
    events.emit(
        "order.status_changed",
        order,
        actor=actor,
        payload={
            "number": order.number,
            "customer": order.customer_id,
            "from": previous,
            "to": status,
            "reason": order.status_reason,
            "version": order.version,
        },
    )
    status_note(order, status, order.status_reason)
    return order


def enter_stage(
    order: SalesOrder, *, code: str, at: datetime, actor: User | None, first: bool = False
) -> SalesOrder:
    """Record the flow stage the order is in now: the one writer of ``stage``,
    ``stage_entered_at`` and the flow's ``version`` step. The flow calls it inside its own
    transaction with the order locked (``locked``); it checks the move, this records it. Entering
    the first stage, as the order is placed, is no change of the order (its version stays)."""
    order.stage, order.stage_entered_at = code[:40], at
    fields = ["stage", "stage_entered_at"]
    if not first:
        order.version += 1
        fields += ["version", "updated_at"]
    save_with_history(order, actor=actor, update_fields=fields)
    return order


@transaction.atomic
def record_shipped(order: SalesOrder, *, quantities: Mapping[int, Decimal], actor: User | None) -> SalesOrder:
    """Goods left with the carrier: add ``quantities`` (order line id -> quantity) to the lines'
    shipped quantities, and mark the order partially shipped while quantities remain (open again
    when nothing remains). Called by shipping, whose access check covers it."""
    order = locked(order)
    lines = {line.pk: line for line in SalesOrderLine.objects.select_for_update().filter(order=order)}
    for line_id, quantity in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError(
                {
                    "lines": ValidationError(
                        _("The line is not on this order."), code="order.line_not_on_order"
                    )
                }
            )
        line.shipped_quantity = min(line.quantity, line.shipped_quantity + quantity)
        line.save(update_fields=["shipped_quantity"])
    remaining = any(line.open_quantity > 0 for line in lines.values())
    if remaining and order.status == OrderStatus.OPEN:
        order = change_status(order, status=OrderStatus.PARTIALLY_SHIPPED, actor=actor, access_checked=True)
    elif not remaining and order.status in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.BACK_ORDERED):
        order = change_status(order, status=OrderStatus.OPEN, actor=actor, access_checked=True)
    return order


def invoiced_amount(order: SalesOrder) -> Decimal:
    return quantize(sum((i.amount for i in OrderInvoice.objects.filter(order_id=order.pk)), Decimal(0)))


def is_invoiced(order: SalesOrder) -> bool:
    """The fact behind the invoicing stage: recorded invoices cover the order's gross total."""
    return (
        OrderInvoice.objects.filter(order_id=order.pk).exists()
        and invoiced_amount(order) >= order.total_gross
    )


@transaction.atomic
def record_invoice(
    order: SalesOrder,
    *,
    actor: User | None,
    number: str,
    issued_on: date | None,
    amount: Decimal | int | str | None,
) -> OrderInvoice:
    """Record an invoice issued for the order (its number, date and gross amount). Together the
    invoices may not exceed the order's gross total; a cancelled order is not invoiced."""
    order = locked(order)
    if actor is not None:
        access.ensure(actor, access.CHANGE, order)
    errors: dict[str, list[ValidationError]] = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = [ValidationError(_("This field is required."), code="required")]
    elif len(number) > 40:
        errors["number"] = [ValidationError(_("At most 40 characters."), code="too_long")]
    elif OrderInvoice.objects.filter(number=number).exists():
        errors["number"] = [
            ValidationError(
                _("An invoice with this number is already recorded."), code="invoice.number_taken"
            )
        ]
    if not isinstance(issued_on, date) or isinstance(issued_on, datetime):
        errors["issued_on"] = [ValidationError(_("Enter a valid date."), code="invalid")]
    elif issued_on > timezone.localdate():
        errors["issued_on"] = [
            ValidationError(_("The invoice date cannot be in the future."), code="invoice.date_out_of_range")
        ]
    elif issued_on < timezone.localdate(order.ordered_at):
        errors["issued_on"] = [
            ValidationError(
                _("The invoice date cannot be before the order date."), code="invoice.date_out_of_range"
            )
        ]
    open_amount = quantize(order.total_gross - invoiced_amount(order))
    value = _decimal(amount, "amount", errors, low=Decimal(0), high=MAX_TOTAL, inclusive_low=False)
    if value is not None and quantize(value) > open_amount:
        errors["amount"] = [
            ValidationError(
                _("Only %(open)s %(currency)s of this order is not invoiced yet.")
                % {"open": open_amount, "currency": order.currency},
                code="invoice.over_amount",
            )
        ]
    if order.status == OrderStatus.CANCELLED:
        errors["__all__"] = [
            ValidationError(_("A cancelled order is not invoiced."), code="invoice.order_cancelled")
        ]
    if errors:
        raise ValidationError(errors)
    assert value is not None and isinstance(issued_on, date)
    invoice = OrderInvoice.objects.create(
        order=order, number=number, issued_on=issued_on, amount=quantize(value), recorded_by=actor
    )
    events.emit(
        "order.invoiced",
        order,
        actor=actor,
        payload={
            "number": order.number,
            "customer": order.customer_id,
            "invoice": invoice.pk,
            "invoice_number": invoice.number,
            "issued_on": issued_on.isoformat(),
            "amount": str(invoice.amount),
            "currency": order.currency,
            "invoiced_total": str(invoiced_amount(order)),
        },
    )
    log_interaction(
        order.customer,
        actor=None,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=(
            _("Order %(number)s: invoice %(invoice)s of %(amount)s %(currency)s")
            % {
                "number": order.number,
                "invoice": invoice.number,
                "amount": invoice.amount,
                "currency": order.currency,
            }
        )[:200],
        related=order,
        system=True,
    )
    return invoice
