"""Refunds on an RMA: proposed within what may be refunded, approved (by the policy's approver
role above its threshold), then paid or credited by a credit note.

Catena records no customer payments, so "what was paid" is the order's value: the refunds of an
RMA stay within its returned lines' net value less the policy's restocking fee, and all refunds of
an order within the order's net total. Approval re-checks both limits with the order row locked,
so two approvals at the same moment cannot pass them together.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.money import MAX_PRICE, quantize
from catena.core.validation import Errors
from catena.sales.models import SalesOrder
from catena.service.choices import (
    REFUND_COMMITTED,
    REFUND_COUNTING,
    ApprovalDecision,
    RefundMethod,
    RefundStatus,
    ReturnStatus,
)
from catena.service.events import RefundApproved, RefundPaid, RefundProposed, RefundRejected
from catena.service.models import Refund, RefundApproval, ReturnAuthorization

REFUNDABLE_STATUSES = frozenset({ReturnStatus.RECEIVED, ReturnStatus.INSPECTED})
MAX_NOTE = 2000


def returned_value(rma: ReturnAuthorization) -> Decimal:
    """The net value of the goods coming back: each line's share of its order line's net amount."""
    total = Decimal("0")
    for line in rma.lines.select_related("order_line"):
        order_line = line.order_line
        total += order_line.net_amount * line.quantity / order_line.quantity
    return quantize(total)


def refundable(rma: ReturnAuthorization) -> Decimal:
    """The most the RMA's refunds may add up to: the returned value less the restocking fee."""
    value = returned_value(rma)
    fee = quantize(value * rma.policy.restocking_fee_percent / Decimal(100))
    return max(value - fee, Decimal("0"))


def _sum(rows: Any) -> Decimal:
    return rows.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def _exceeds(
    errors: Errors,
    rma: ReturnAuthorization,
    order: SalesOrder,
    amount: Decimal,
    statuses: Any,
    *,
    excluding: int | None = None,
) -> None:
    on_rma = Refund.objects.filter(rma=rma, status__in=statuses)
    on_order = Refund.objects.filter(order=order, status__in=statuses)
    if excluding is not None:
        on_rma, on_order = on_rma.exclude(pk=excluding), on_order.exclude(pk=excluding)
    if _sum(on_rma) + amount > refundable(rma) or _sum(on_order) + amount > order.total_net:
        errors.add("amount", _("The refund exceeds what may be refunded."), code="refund.exceeds_paid")


def _amount(errors: Errors, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add("amount", _("Enter an amount above zero."), code="refund.invalid_amount")
        return Decimal("0")
    if not amount.is_finite() or amount <= 0 or amount > MAX_PRICE or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.add("amount", _("Enter an amount above zero."), code="refund.invalid_amount")
        return Decimal("0")
    return amount


def _note(errors: Errors, value: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_NOTE:
        errors.add("note", _("The value is too long."), code="too_long")
    return value


def _payload(refund: Refund) -> dict[str, Any]:
    return {
        "refund": refund.pk,
        "rma": refund.rma_id,
        "amount": str(refund.amount),
        "currency": refund.currency,
    }


@transaction.atomic
def propose_refund(
    rma: ReturnAuthorization, *, actor: User, amount: Any, method: str | None = None, note: str = ""
) -> Refund:
    """Propose refunding ``amount`` on a received or inspected RMA, by ``method`` (the policy's by
    default). Proposals count against the limits too, so a second one cannot outrun the first."""
    current = ReturnAuthorization.objects.select_for_update().select_related("policy", "case").get(pk=rma.pk)
    access.ensure(actor, access.CHANGE, current)
    order = SalesOrder.objects.select_for_update().get(pk=current.order_id)
    errors = Errors()
    value = _amount(errors, amount)
    method = method or current.policy.refund_method
    if method not in RefundMethod.values:
        errors.add("method", _("Not one of the allowed values."), code="invalid_choice")
    note = _note(errors, note)
    if current.status not in REFUNDABLE_STATUSES:
        errors.add("rma", _("Refunds are proposed once the goods are received."), code="refund.not_allowed")
    if value > 0:
        _exceeds(errors, current, order, value, REFUND_COUNTING)
    errors.raise_if_any()
    refund = Refund(
        rma=current,
        order=order,
        amount=value,
        currency=order.currency,
        method=method,
        note=note,
        proposed_by=actor,
    )
    save_with_history(refund, actor=actor, force_insert=True)
    events.emit(RefundProposed(**_payload(refund), method=method), current.case, actor=actor)
    return refund


def needs_manager(refund: Refund) -> bool:
    """Is the refund above its policy's threshold (or in another currency than the threshold)?"""
    policy = refund.rma.policy
    return refund.currency != policy.currency or refund.amount > policy.approval_threshold


def may_approve(user: Any, refund: Refund) -> bool:
    """Whoever works the case approves a refund up to the threshold; above it only the policy's
    approver role (and administrators)."""
    if not access.can(user, access.CHANGE, refund):
        return False
    if not needs_manager(refund):
        return True
    return roles.role_of(user) in {refund.rma.policy.approver_role, Role.ADMINISTRATOR}


def _locked(refund: Refund, actor: User) -> tuple[Refund, SalesOrder]:
    # The order row first: every approval and proposal of the order queues behind it.
    order = SalesOrder.objects.select_for_update().get(pk=refund.order_id)
    current = Refund.objects.select_for_update().select_related("rma__policy", "rma__case").get(pk=refund.pk)
    list(Refund.objects.select_for_update().filter(order=order).values_list("pk", flat=True))
    access.ensure(actor, access.CHANGE, current)
    return current, order


def _transition_error() -> ValidationError:
    return ValidationError(
        {
            "status": [
                ValidationError(
                    _("The refund cannot move to this status."), code="refund.transition_not_allowed"
                )
            ]
        }
    )


@transaction.atomic
def approve_refund(refund: Refund, *, actor: User, note: str = "") -> Refund:
    """Approve a proposed refund, if the actor may approve its amount and the approved and settled
    refunds with it stay within the RMA's and the order's limits."""
    current, order = _locked(refund, actor)
    if current.status != RefundStatus.PROPOSED:
        raise _transition_error()
    if not may_approve(actor, current):
        raise access.PermissionDenied(access.CHANGE, current, code="refund.needs_approval")
    errors = Errors()
    note = _note(errors, note)
    _exceeds(errors, current.rma, order, current.amount, REFUND_COMMITTED, excluding=current.pk)
    errors.raise_if_any()
    RefundApproval.objects.create(
        refund=current, approver=actor, decision=ApprovalDecision.APPROVED, note=note
    )
    current.status = RefundStatus.APPROVED
    save_with_history(current, actor=actor, update_fields=["status", "updated_at"])
    events.emit(RefundApproved(**_payload(current), approver=actor.pk), current.rma.case, actor=actor)
    return current


@transaction.atomic
def reject_refund(refund: Refund, *, actor: User, note: str = "") -> Refund:
    """Turn a proposed refund down; its amount no longer counts against the limits."""
    current, _order = _locked(refund, actor)
    if current.status != RefundStatus.PROPOSED:
        raise _transition_error()
    errors = Errors()
    note = _note(errors, note)
    errors.raise_if_any()
    RefundApproval.objects.create(
        refund=current, approver=actor, decision=ApprovalDecision.REJECTED, note=note
    )
    current.status = RefundStatus.REJECTED
    save_with_history(current, actor=actor, update_fields=["status", "updated_at"])
    events.emit(RefundRejected(**_payload(current), approver=actor.pk), current.rma.case, actor=actor)
    return current


@transaction.atomic
def settle_refund(refund: Refund, *, actor: User) -> Refund:
    """Record that an approved refund was paid back, or, for a credit note, issue the credit note
    (numbered ``CN-…``)."""
    current, _order = _locked(refund, actor)
    if current.status != RefundStatus.APPROVED:
        raise _transition_error()
    if current.method == RefundMethod.CREDIT_NOTE:
        current.status, current.credit_note_number = RefundStatus.CREDITED, f"CN-{current.pk:06d}"
    else:
        current.status = RefundStatus.PAID
    current.settled_at = timezone.now()
    save_with_history(
        current, actor=actor, update_fields=["status", "credit_note_number", "settled_at", "updated_at"]
    )
    events.emit(
        RefundPaid(**_payload(current), credit_note=current.credit_note_number or ""),
        current.rma.case,
        actor=actor,
    )
    return current
