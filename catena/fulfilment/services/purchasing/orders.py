"""Purchase orders to suppliers: create, send, cancel and receive them. A full receipt settles
the supplier's open promise and moves the sales order the goods are for on.

The buyer's acts (send, receive, cancel, accept a date) are never a supplier's; ``locked``,
``ensure_buyer``, ``move_status`` and ``supplier_timeline`` serve every purchasing use case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.catalog.models import Product
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.money import MAX_PRICE, MAX_QUANTITY, MAX_TOTAL, default_currency, quantize
from catena.core.versions import check_version
from catena.fulfilment.choices import PO_TRANSITIONS, PurchaseOrderStatus
from catena.fulfilment.models import PurchaseOrder, PurchaseOrderLine, SupplierItem
from catena.fulfilment.services.flow.moves import advance
from catena.parties.choices import PartyRoleType, PartyStatus
from catena.parties.models import Party
from catena.sales.models import SalesOrder, SalesOrderLine


@dataclass
class POLineInput:
    """One line of a purchase order to create; without a price, the supplier's on file, else the
    product's standard cost."""

    product: Product
    quantity: Decimal | int | str
    unit_price: Decimal | int | str | None = None
    sales_order_line: SalesOrderLine | None = None


def _is_supplier(party: Party) -> bool:
    return party.roles.filter(role__in=[PartyRoleType.SUPPLIER, PartyRoleType.MANUFACTURER]).exists()


def supplier_timeline(po: PurchaseOrder, subject: str, body: str = "", *, inbound: bool = False) -> None:
    """A system entry on the supplier's timeline about ``po`` (``inbound`` when the supplier acted)."""
    log_interaction(
        po.supplier,
        actor=None,
        channel=Channel.PORTAL if inbound else Channel.NOTE,
        direction=Direction.INBOUND if inbound else Direction.INTERNAL,
        subject=subject[:200],
        body=body,
        related=po,
        system=True,
    )


def locked(po: PurchaseOrder) -> PurchaseOrder:
    """``po`` read again with its row locked for the rest of the transaction."""
    return PurchaseOrder.objects.select_for_update(of=("self",)).select_related("supplier").get(pk=po.pk)


def ensure_buyer(actor: User | None, po: PurchaseOrder) -> None:
    """Sending, receiving, cancelling and accepting a date are the buyer's acts, never the
    supplier's (whose portal users may only answer)."""
    if actor is None:
        return
    if roles.is_portal(actor):
        raise access.PermissionDenied(access.CHANGE, po)
    access.ensure(actor, access.CHANGE, po)


def move_status(po: PurchaseOrder, status: str) -> None:
    """Give ``po`` its next status as the transition table allows (unsaved), else a ``ValidationError``."""
    if status not in PO_TRANSITIONS.get(po.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("A purchase order that is %(current)s cannot become %(new)s.")
                        % {"current": po.get_status_display(), "new": PurchaseOrderStatus(status).label},
                        code="purchase_order.transition_not_allowed",
                    )
                ]
            }
        )
    po.status = status
    po.version += 1


@transaction.atomic
def create_purchase_order(
    supplier: Party,
    *,
    actor: User | None,
    lines: Sequence[POLineInput],
    needed_by: date,
    sales_order: SalesOrder | None = None,
    notes: str = "",
    send: bool = False,
) -> PurchaseOrder:
    if actor is not None:
        access.ensure(actor, access.ADD, PurchaseOrder)
    errors: dict[str, list[ValidationError]] = {}
    if not _is_supplier(supplier):
        errors["supplier"] = [
            ValidationError(_("This party is not a supplier or manufacturer."), code="party.not_a_supplier")
        ]
    elif supplier.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
        errors["supplier"] = [
            ValidationError(_("This supplier is blocked or archived."), code="party.blocked")
        ]
    if not lines:
        errors["lines"] = [
            ValidationError(_("A purchase order needs at least one line."), code="purchase_order.no_lines")
        ]
    built: list[PurchaseOrderLine] = []
    for index, line in enumerate(lines):
        try:
            quantity = Decimal(str(line.quantity))
        except ArithmeticError:
            quantity = Decimal(0)
        if not quantity.is_finite() or quantity <= 0 or quantity > MAX_QUANTITY:
            errors[f"lines.{index}.quantity"] = [
                ValidationError(
                    _("Must be greater than 0 and at most %(high)s.") % {"high": MAX_QUANTITY},
                    code="out_of_range",
                )
            ]
            continue
        price = line.unit_price
        if price is None:
            item = SupplierItem.objects.filter(supplier=supplier, product=line.product).first()
            if item and item.unit_price is not None:
                price = item.unit_price
            elif actor is None or "standard_cost" in access.visible_fields(actor, Product):
                price = line.product.standard_cost or 0
            else:
                # The standard cost is copied only for a buyer who may read it: nobody learns a
                # cost through the price of a line they placed.
                errors[f"lines.{index}.unit_price"] = [
                    ValidationError(
                        _("Give the price: this supplier has none on file."), code="product.no_price"
                    )
                ]
                continue
        price_d = Decimal(str(price))
        if not price_d.is_finite() or price_d < 0 or price_d > MAX_PRICE:
            errors[f"lines.{index}.unit_price"] = [
                ValidationError(
                    _("Must be between 0 and %(high)s.") % {"high": MAX_PRICE}, code="out_of_range"
                )
            ]
            continue
        built.append(
            PurchaseOrderLine(
                line_no=index + 1,
                product=line.product,
                quantity=quantity,
                unit_price=quantize(price_d),
                sales_order_line=line.sales_order_line,
            )
        )
    if built and sum((line.quantity * line.unit_price for line in built), Decimal(0)) > MAX_TOTAL:
        errors["lines"] = [ValidationError(_("The order total is too large."), code="total_too_large")]
    if errors:
        raise ValidationError(errors)
    (pk,) = reserve_ids(PurchaseOrder, 1)
    po = PurchaseOrder(
        pk=pk,
        number=f"PO-{pk:07d}",
        supplier=supplier,
        sales_order=sales_order,
        buyer=actor,
        needed_by=needed_by,
        currency=default_currency(),
        total_net=quantize(sum((line.quantity * line.unit_price for line in built), Decimal(0))),
        notes=notes,
    )
    save_with_history(po, actor=actor, force_insert=True)
    for po_line in built:
        po_line.purchase_order = po
    PurchaseOrderLine.objects.bulk_create(built)
    events.emit(
        "purchase_order.created", po, actor=actor, payload={"number": po.number, "supplier": supplier.pk}
    )
    if send:
        po = send_purchase_order(po, actor=actor)
    return po


@transaction.atomic
def send_purchase_order(
    po: PurchaseOrder, *, actor: User | None, expected_version: int | None = None
) -> PurchaseOrder:
    po = locked(po)
    ensure_buyer(actor, po)
    check_version(po, expected_version)
    move_status(po, PurchaseOrderStatus.SENT)
    po.sent_at = timezone.now()
    save_with_history(po, actor=actor)
    events.emit(
        "purchase_order.sent", po, actor=actor, payload={"number": po.number, "supplier": po.supplier_id}
    )
    supplier_timeline(po, _("Purchase order %(number)s sent") % {"number": po.number})
    return po


@transaction.atomic
def cancel_purchase_order(
    po: PurchaseOrder, *, actor: User | None, reason: str, expected_version: int | None = None
) -> PurchaseOrder:
    po = locked(po)
    ensure_buyer(actor, po)
    check_version(po, expected_version)
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Say why."), code="required")})
    move_status(po, PurchaseOrderStatus.CANCELLED)
    po.notes = (po.notes + "\n" if po.notes else "") + reason.strip()
    po.promises.filter(kept__isnull=True).update(resolved_at=timezone.now())
    save_with_history(po, actor=actor)
    events.emit(
        "purchase_order.cancelled",
        po,
        actor=actor,
        payload={"number": po.number, "supplier": po.supplier_id, "reason": reason},
    )
    supplier_timeline(po, _("Purchase order %(number)s cancelled") % {"number": po.number}, reason)
    return po


@transaction.atomic
def receive_purchase_order(
    po: PurchaseOrder,
    *,
    actor: User | None,
    quantities: Mapping[int, Decimal] | None = None,
    at: datetime | None = None,
) -> PurchaseOrder:
    """Book goods in: ``quantities`` by line id (everything still open when None). Full receipt
    settles the open promise: kept when on or before the promised date."""
    po = locked(po)
    ensure_buyer(actor, po)
    if po.status not in (PurchaseOrderStatus.CONFIRMED, PurchaseOrderStatus.PARTIALLY_RECEIVED):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Only a confirmed purchase order can be received."), code="purchase_order.not_confirmed"
                )
            }
        )
    now = at or timezone.now()
    lines = list(po.lines.all())
    errors: dict[str, list[ValidationError]] = {}
    by_id = {line.pk: line for line in lines}
    wanted: dict[int, Decimal] = {}
    for line_id, quantity in (
        quantities or {line.pk: line.quantity - line.received_quantity for line in lines}
    ).items():
        line = by_id.get(int(line_id))
        if line is None:
            errors[f"lines.{line_id}"] = [
                ValidationError(_("No such line on this purchase order."), code="unknown_reference")
            ]
            continue
        quantity = Decimal(str(quantity))
        if quantity < 0 or line.received_quantity + quantity > line.quantity:
            errors[f"lines.{line_id}"] = [
                ValidationError(_("Between 0 and the open quantity."), code="out_of_range")
            ]
            continue
        wanted[line.pk] = quantity
    if not errors and not any(quantity > 0 for quantity in wanted.values()):
        errors["lines"] = [
            ValidationError(
                _("Nothing to receive: give a quantity above 0."), code="purchase_order.nothing_to_receive"
            )
        ]
    if errors:
        raise ValidationError(errors)
    for line_id, quantity in wanted.items():
        line = by_id[line_id]
        line.received_quantity += quantity
        line.save(update_fields=["received_quantity"])
    complete = all(line.received_quantity >= line.quantity for line in lines)
    move_status(po, PurchaseOrderStatus.RECEIVED if complete else PurchaseOrderStatus.PARTIALLY_RECEIVED)
    if complete:
        po.received_at = now
        received_on = timezone.localtime(now).date()
        for promise in po.promises.filter(kept__isnull=True, promised_date__isnull=False):
            promise.kept = promise.promised_date is not None and received_on <= promise.promised_date
            promise.resolved_at = now
            promise.save(update_fields=["kept", "resolved_at"])
    save_with_history(po, actor=actor)
    events.emit(
        "purchase_order.received" if complete else "purchase_order.partially_received",
        po,
        actor=actor,
        payload={"number": po.number, "supplier": po.supplier_id, "sales_order": po.sales_order_id},
    )
    if complete and po.sales_order_id:
        advance(po.sales_order, actor=actor, at=now)  # type: ignore[arg-type]
    return po
