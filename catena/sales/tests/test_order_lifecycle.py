"""Sales owns the order's status: one writer that follows the transition table and announces
every change, and the invoices behind the invoicing stage (ADR 0009)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catena.accounts.models import User
from catena.core import access
from catena.core.models import Event
from catena.sales import services
from catena.sales.choices import OrderStatus
from catena.sales.models import OrderInvoice, SalesOrder
from catena.sales.tests.factories import ProductFactory, customer

pytestmark = pytest.mark.django_db


def placed(actor: User) -> SalesOrder:
    product = ProductFactory.create(list_price=Decimal("100"))
    return services.place_order(
        customer(), actor=actor, lines=[services.LineInput(product=product, quantity=2)]
    )


def announced(order: SalesOrder) -> list[dict[str, object]]:
    return [
        e.payload
        for e in Event.objects.filter(name="order.status_changed", subject_id=str(order.pk)).order_by("id")
    ]


def test_a_status_change_follows_the_table_and_is_announced_with_the_new_version(manager: User) -> None:
    order = placed(manager)

    held = services.change_status(order, status=OrderStatus.ON_HOLD, actor=manager, reason="信用审核")

    assert held.status == OrderStatus.ON_HOLD and held.version == order.version + 1
    (payload,) = announced(order)
    assert payload["from"] == "open" and payload["to"] == "on_hold" and payload["reason"] == "信用审核"
    assert payload["version"] == held.version


def test_refused_changes_write_nothing(manager: User, reader: User) -> None:
    order = placed(manager)

    with pytest.raises(ValidationError) as no_reason:
        services.change_status(order, status=OrderStatus.CANCELLED, actor=manager)
    with pytest.raises(ValidationError) as not_done:
        services.change_status(order, status=OrderStatus.CLOSED, actor=manager)
    with pytest.raises(ValidationError) as unknown:
        services.change_status(order, status="shipped", actor=manager)
    with pytest.raises(access.PermissionDenied):
        services.change_status(order, status=OrderStatus.ON_HOLD, actor=reader, reason="x")
    services.change_status(order, status=OrderStatus.BACK_ORDERED, actor=manager, reason="缺货")
    with pytest.raises(ValidationError) as back_ordered:
        services.change_status(order, status=OrderStatus.CLOSED, actor=manager, flow_complete=True)

    assert "reason" in no_reason.value.message_dict and "status" in not_done.value.message_dict
    assert "status" in unknown.value.message_dict and "status" in back_ordered.value.message_dict
    assert [p["to"] for p in announced(order)] == ["back_ordered"]
    assert SalesOrder.objects.get(pk=order.pk).status == OrderStatus.BACK_ORDERED


def test_invoices_cover_the_order_at_most_once_with_valid_numbers_and_dates(manager: User) -> None:
    order = placed(manager)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as bad:
        services.record_invoice(order, actor=manager, number=" ", issued_on=None, amount="abc")
    assert {"number", "issued_on", "amount"} <= set(bad.value.message_dict)
    with pytest.raises(ValidationError) as early:
        services.record_invoice(
            order, actor=manager, number="FP-1", issued_on=today - timedelta(days=30), amount=1
        )
    assert set(early.value.message_dict) == {"issued_on"}
    assert not services.is_invoiced(order)

    services.record_invoice(order, actor=manager, number="FP-1", issued_on=today, amount="100")
    assert not services.is_invoiced(order)  # 100 of 226.00
    with pytest.raises(ValidationError) as beyond:
        services.record_invoice(order, actor=manager, number="FP-2", issued_on=today, amount="200")
    assert set(beyond.value.message_dict) == {"amount"}
    services.record_invoice(
        order, actor=manager, number="FP-2", issued_on=today, amount=order.total_gross - 100
    )

    assert services.is_invoiced(order)
    assert OrderInvoice.objects.filter(order=order).count() == 2
    assert Event.objects.filter(name="order.invoiced", subject_id=str(order.pk)).count() == 2


def test_a_salesperson_may_not_invoice_someone_elses_order(manager: User, sales: User) -> None:
    order = placed(manager)

    with pytest.raises(access.PermissionDenied):
        services.record_invoice(order, actor=sales, number="FP-9", issued_on=timezone.localdate(), amount="1")
    assert not OrderInvoice.objects.exists()
