"""The invoices issued for an order: how much is invoiced, whether it covers the order, and
recording a new one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.money import MAX_TOTAL, quantize
from catena.sales.choices import OrderStatus
from catena.sales.models import OrderInvoice, SalesOrder
from catena.sales.services.orders.lifecycle import locked
from catena.sales.services.orders.lines import bounded_decimal


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
    value = bounded_decimal(amount, "amount", errors, low=Decimal(0), high=MAX_TOTAL, inclusive_low=False)
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
