"""The suppliers' answers to purchase orders: a confirmed or proposed date is a promise, a new
date breaks the one before; the buyer may accept a proposed date. ``promise_summary`` counts the
kept and broken promises of a supplier."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.versions import check_version
from catena.fulfilment.choices import EventSource, PurchaseOrderStatus, SupplierAnswer
from catena.fulfilment.models import PurchaseOrder, SupplierPromise
from catena.fulfilment.services.purchasing.orders import ensure_buyer, locked, move_status, supplier_timeline
from catena.parties.models import Party


@transaction.atomic
def answer_purchase_order(
    po: PurchaseOrder,
    *,
    actor: User | None,
    answer: str,
    promised_date: date | None = None,
    note: str = "",
    source: str = EventSource.STAFF,
    expected_version: int | None = None,
) -> PurchaseOrder:
    """The supplier confirms (with a date), proposes another date, or rejects the purchase order.

    A new date replaces the promise before it, which then counts as broken."""
    po = locked(po)
    if actor is not None:
        access.ensure(actor, access.CHANGE, po)
    check_version(po, expected_version)
    errors: dict[str, list[ValidationError]] = {}
    if answer not in SupplierAnswer.values:
        errors["answer"] = [
            ValidationError(
                _("“%(value)s” is not one of the allowed values.") % {"value": answer}, code="invalid_choice"
            )
        ]
    if answer == SupplierAnswer.PROPOSE and promised_date is None:
        errors["promised_date"] = [ValidationError(_("Give the date you can deliver."), code="required")]
    if promised_date is not None and promised_date < timezone.localtime(po.ordered_at).date():
        errors["promised_date"] = [
            ValidationError(
                _("The date cannot be before the order date."), code="purchase_order.date_before_order"
            )
        ]
    if answer == SupplierAnswer.REJECT and not note.strip():
        errors["note"] = [ValidationError(_("Say why."), code="required")]
    if errors:
        raise ValidationError(errors)
    if answer == SupplierAnswer.CONFIRM and po.status == PurchaseOrderStatus.CONFIRMED:
        raise ValidationError(
            {
                "answer": ValidationError(
                    _("This purchase order is already confirmed."), code="purchase_order.already_confirmed"
                )
            }
        )
    new_status = {
        SupplierAnswer.CONFIRM: PurchaseOrderStatus.CONFIRMED,
        SupplierAnswer.PROPOSE: PurchaseOrderStatus.PROPOSED,
        SupplierAnswer.REJECT: PurchaseOrderStatus.REJECTED,
    }[SupplierAnswer(answer)]
    move_status(po, new_status)
    now = timezone.now()
    # a date moved after a promise was made breaks that promise
    po.promises.filter(kept__isnull=True, answer__in=[SupplierAnswer.CONFIRM, SupplierAnswer.PROPOSE]).update(
        kept=False, resolved_at=now
    )
    if answer == SupplierAnswer.CONFIRM:
        promised_date = promised_date or po.promised_date or po.needed_by
    SupplierPromise.objects.create(
        purchase_order=po,
        answer=answer,
        promised_date=promised_date if answer != SupplierAnswer.REJECT else None,
        note=note[:500],
        answered_by=actor,
        answered_at=now,
        source=source,
    )
    po.promised_date = promised_date if answer != SupplierAnswer.REJECT else po.promised_date
    po.answered_at = now
    save_with_history(po, actor=actor)
    name = {
        SupplierAnswer.CONFIRM: "purchase_order.confirmed",
        SupplierAnswer.PROPOSE: "purchase_order.date_proposed",
        SupplierAnswer.REJECT: "purchase_order.rejected",
    }[SupplierAnswer(answer)]
    events.emit(
        name,
        po,
        actor=actor,
        payload={
            "number": po.number,
            "supplier": po.supplier_id,
            "promised_date": promised_date.isoformat() if promised_date else None,
            "sales_order": po.sales_order_id,
        },
    )
    supplier_timeline(
        po,
        _("%(supplier)s: %(answer)s purchase order %(number)s")
        % {"supplier": po.supplier.name, "answer": SupplierAnswer(answer).label, "number": po.number},
        note,
        inbound=source in (EventSource.PORTAL, EventSource.API, EventSource.WEBHOOK),
    )
    return po


@transaction.atomic
def accept_proposed_date(
    po: PurchaseOrder, *, actor: User | None, expected_version: int | None = None
) -> PurchaseOrder:
    """The buyer accepts the date the supplier proposed: the proposal becomes the promise."""
    po = locked(po)
    ensure_buyer(actor, po)
    check_version(po, expected_version)
    if po.status != PurchaseOrderStatus.PROPOSED:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("The supplier has not proposed another date."), code="purchase_order.no_proposed_date"
                )
            }
        )
    move_status(po, PurchaseOrderStatus.CONFIRMED)
    save_with_history(po, actor=actor)
    events.emit(
        "purchase_order.confirmed",
        po,
        actor=actor,
        payload={
            "number": po.number,
            "supplier": po.supplier_id,
            "promised_date": po.promised_date.isoformat() if po.promised_date else None,
            "sales_order": po.sales_order_id,
        },
    )
    return po


def promise_summary(supplier: Party) -> dict[str, Any]:
    """Kept and broken promises of one supplier (for its page and its scorecard)."""
    rows = SupplierPromise.objects.filter(purchase_order__supplier=supplier, kept__isnull=False)
    kept = rows.filter(kept=True).count()
    total = rows.count()
    return {"kept": kept, "broken": total - kept, "rate": (kept / total) if total else None}
