"""Placing an order and invoicing it, composed from above: sales records the order (or the
invoice), the flow starts its stages (or moves on) in the same transaction. No order exists
without its stages, and no signal goes up from sales to do it (ADR 0009)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from catena.accounts.models import User
from catena.fulfilment.services.flow.moves import advance
from catena.fulfilment.services.flow.start import start_flow
from catena.parties.models import Party
from catena.sales import services as sales
from catena.sales.choices import OrderType
from catena.sales.models import OrderInvoice, Quote, SalesOrder
from catena.sales.services import quotes


@transaction.atomic
def place_order(
    customer: Party, *, actor: User | None, lines: Sequence[sales.LineInput], **header: Any
) -> SalesOrder:
    """Record the customer's order (``sales.place_order`` takes the same header keywords) and
    start its flow from the default template of its order type."""
    order = sales.place_order(customer, actor=actor, lines=lines, **header)
    start_flow(order, actor=actor)
    return order


@transaction.atomic
def place_order_from_quote(
    quote: Quote,
    *,
    actor: User | None,
    order_type: str = OrderType.MAKE_TO_STOCK,
    requested_date: date | None = None,
    ship_to: Any = None,
    customer_reference: str = "",
) -> SalesOrder:
    """The customer accepted the quote: sales places the order with the quote's lines and prices
    and marks the quote accepted (its opportunity won); the order's flow starts. All or nothing."""
    order = quotes.accept_quote_as_order(
        quote,
        actor=actor,
        order_type=order_type,
        requested_date=requested_date,
        ship_to=ship_to,
        customer_reference=customer_reference,
    )
    start_flow(order, actor=actor)
    return order


@transaction.atomic
def record_invoice(
    order: SalesOrder,
    *,
    actor: User | None,
    number: str,
    issued_on: date | None,
    amount: Decimal | int | str | None,
) -> OrderInvoice:
    """Sales records the invoice; once the invoices cover the order, its invoicing stage is done
    and the flow moves on."""
    invoice = sales.record_invoice(order, actor=actor, number=number, issued_on=issued_on, amount=amount)
    advance(order, actor=actor)
    return invoice
