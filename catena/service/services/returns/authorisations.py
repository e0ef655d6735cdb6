"""Return authorisations (RMAs): a customer or staff asks to return delivered goods of an order,
staff authorise or reject it, the goods come back with a carrier, are received and inspected line
by line. A line returned to its supplier opens a supplier claim (a partner task on the case)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access, events, text
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.fulfilment.choices import ShipmentStatus
from catena.fulfilment.models import ShipmentLine, SupplierItem
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party
from catena.parties.policies import portal_party_id
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.service.choices import (
    RETURN_HOLDING,
    RETURN_TRANSITIONS,
    CaseChannel,
    CaseType,
    Disposition,
    PartnerRole,
    ReturnCondition,
    ReturnStatus,
)
from catena.service.events import (
    ReturnAuthorised,
    ReturnInspected,
    ReturnReceived,
    ReturnRejected,
    ReturnRequested,
)
from catena.service.models import Case, PartnerTask, ReturnAuthorization, ReturnLine
from catena.service.services.cases import open_case
from catena.service.services.partners import open_partner_task
from catena.service.services.returns.policies import policy_in_force

MAX_REASON = 2000


@dataclass(frozen=True)
class ReturnLineInput:
    """One order line to return: how many, and in what condition the customer says it is."""

    order_line: SalesOrderLine
    quantity: Any
    condition: str = ReturnCondition.UNOPENED


def delivered_quantity(line: SalesOrderLine) -> tuple[Decimal, datetime | None]:
    """How much of ``line`` delivered shipments carried, and when the last of them arrived (the
    return window runs from then)."""
    found = ShipmentLine.objects.filter(order_line=line, shipment__status=ShipmentStatus.DELIVERED).aggregate(
        qty=Sum("quantity"), last=Max("shipment__delivered_at")
    )
    return found["qty"] or Decimal("0"), found["last"]


def held_quantity(line: SalesOrderLine, *, excluding: ReturnAuthorization | None = None) -> Decimal:
    """How much of ``line`` other returns (not rejected) already hold."""
    rows = ReturnLine.objects.filter(order_line=line, rma__status__in=RETURN_HOLDING)
    if excluding is not None:
        rows = rows.exclude(rma=excluding)
    return rows.aggregate(qty=Sum("quantity"))["qty"] or Decimal("0")


def _quantity(errors: Errors, field: str, value: Any) -> Decimal:
    try:
        qty = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."), code="invalid")
        return Decimal("0")
    if not qty.is_finite() or qty <= 0 or qty.as_tuple().exponent < -3:  # type: ignore[operator]
        errors.add(field, _("Enter a quantity above zero."), code="out_of_range")
        return Decimal("0")
    return qty


def _check_lines(errors: Errors, order: SalesOrder, lines: list[ReturnLineInput], window_days: int) -> None:
    if not lines:
        errors.add("lines", _("Name at least one line to return."), code="return.no_lines")
        return
    now = timezone.now()
    seen: set[int] = set()
    for index, item in enumerate(lines):
        field = f"lines.{index}"
        if item.order_line.order_id != order.pk or item.order_line.pk in seen:
            errors.add(
                f"{field}.order_line",
                _("This line belongs to another order."),
                code="return.line_other_order",
            )
            continue
        seen.add(item.order_line.pk)
        if item.condition not in ReturnCondition.values:
            errors.add(f"{field}.condition", _("Not one of the allowed values."), code="invalid_choice")
        qty = _quantity(errors, f"{field}.quantity", item.quantity)
        delivered, delivered_at = delivered_quantity(item.order_line)
        if delivered <= 0 or delivered_at is None:
            errors.add(
                f"{field}.order_line", _("Only delivered goods can be returned."), code="return.not_delivered"
            )
            continue
        if delivered_at + timedelta(days=window_days) < now:
            errors.add(
                f"{field}.order_line",
                _("The return window for this line has closed."),
                code="return.window_closed",
            )
        if qty > 0 and qty > delivered - held_quantity(item.order_line):
            errors.add(
                f"{field}.quantity",
                _("More than was delivered and not yet returned."),
                code="return.quantity_exceeds",
            )


def _reason(errors: Errors, value: str, field: str = "reason") -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, _("Give a reason."), code="return.reason_required")
    elif len(value) > MAX_REASON:
        errors.add(field, _("The value is too long."), code="too_long")
    else:
        try:
            text.check_long_text(value)
        except ValidationError as exc:
            errors.capture(field, exc)
    return value


@transaction.atomic
def request_return(
    order: SalesOrder,
    *,
    actor: User,
    lines: list[ReturnLineInput],
    reason: str,
    case: Case | None = None,
    channel: str | None = None,
) -> ReturnAuthorization:
    """Ask to return delivered goods of ``order``: each line within the policy's window from its
    delivery, and no more than was delivered less what other returns hold. A portal customer
    asks for its own party's orders only; without a ``case`` a return request case is opened."""
    order = SalesOrder.objects.select_for_update().select_related("customer").get(pk=order.pk)
    is_portal = roles.is_portal(actor)
    if is_portal:
        if portal_party_id(actor) != order.customer_id or case is not None:
            raise access.PermissionDenied(access.ADD, ReturnAuthorization)
    elif case is not None:
        access.ensure(actor, access.CHANGE, case)
    else:
        access.ensure(actor, access.ADD, Case)
    errors = Errors()
    value = _reason(errors, reason)
    policy = policy_in_force()
    if policy is None:
        errors.add("policy", _("No return policy is in force; publish one first."), code="return.no_policy")
    else:
        _check_lines(errors, order, lines, policy.return_window_days)
    if case is not None and case.party_id != order.customer_id:
        errors.add("case", _("This record belongs to another customer."), code="case.link_other_party")
    errors.raise_if_any()
    assert policy is not None
    if case is None:
        case = open_case(
            order.customer,
            actor=actor,
            case_type=CaseType.RETURN_REQUEST,
            subject=_("Return request for order %(number)s") % {"number": order.number},
            body=value,
            channel=channel or (CaseChannel.PORTAL if is_portal else CaseChannel.STAFF),
            order=order,
            order_line=lines[0].order_line if len(lines) == 1 else None,
        )
    (pk,) = reserve_ids(ReturnAuthorization, 1)
    rma = ReturnAuthorization(
        pk=pk,
        number=f"RMA-{pk:06d}",
        case=case,
        order=order,
        party=order.customer,
        policy=policy,
        reason=value,
        created_by=actor,
    )
    save_with_history(rma, actor=actor, force_insert=True)
    ReturnLine.objects.bulk_create(
        ReturnLine(
            rma=rma,
            order_line=item.order_line,
            quantity=Decimal(str(item.quantity)),
            condition=item.condition,
        )
        for item in lines
    )
    events.emit(
        ReturnRequested(rma=rma.pk, number=rma.number, order=order.pk, policy=policy.pk, lines=len(lines)),
        case,
        actor=actor,
    )
    return rma


def _locked(rma: ReturnAuthorization, actor: User | None, to: str) -> ReturnAuthorization:
    current = ReturnAuthorization.objects.select_for_update().select_related("case", "order").get(pk=rma.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, current)
    if to not in RETURN_TRANSITIONS.get(current.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("The return cannot move to this status."), code="return.transition_not_allowed"
                    )
                ]
            }
        )
    return current


def _payload(rma: ReturnAuthorization) -> dict[str, Any]:
    return {"rma": rma.pk, "number": rma.number, "order": rma.order_id}


@transaction.atomic
def authorise_return(rma: ReturnAuthorization, *, actor: User, note: str = "") -> ReturnAuthorization:
    """Let the goods come back; the quantities stay held against the order lines."""
    current = _locked(rma, actor, ReturnStatus.AUTHORISED)
    errors = Errors()
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        errors.add("note", _("The value is too long."), code="too_long")
    errors.raise_if_any()
    current.status, current.decision_note = ReturnStatus.AUTHORISED, note
    current.decided_by, current.decided_at = actor, timezone.now()
    save_with_history(current, actor=actor)
    events.emit(ReturnAuthorised(**_payload(current)), current.case, actor=actor)
    return current


@transaction.atomic
def reject_return(rma: ReturnAuthorization, *, actor: User, reason: str) -> ReturnAuthorization:
    """Refuse the return, saying why; its quantities are free again."""
    errors = Errors()
    value = _reason(errors, reason)
    errors.raise_if_any()
    current = _locked(rma, actor, ReturnStatus.REJECTED)
    current.status, current.decision_note = ReturnStatus.REJECTED, value
    current.decided_by, current.decided_at = actor, timezone.now()
    save_with_history(current, actor=actor)
    events.emit(ReturnRejected(**_payload(current)), current.case, actor=actor)
    return current


@transaction.atomic
def record_return_shipment(
    rma: ReturnAuthorization, *, actor: User, carrier: Party | None, tracking_number: str
) -> ReturnAuthorization:
    """The goods are on their way back with ``carrier`` under ``tracking_number``."""
    errors = Errors()
    tracking_number = (tracking_number or "").strip()
    if not tracking_number:
        errors.add("tracking_number", _("This field is required."), code="required")
    elif len(tracking_number) > 60:
        errors.add("tracking_number", _("The value is too long."), code="too_long")
    if carrier is not None and not carrier.roles.filter(role=PartyRoleType.CARRIER).exists():
        errors.add("carrier", _("This party is not a carrier."), code="invalid")
    errors.raise_if_any()
    current = _locked(rma, actor, ReturnStatus.IN_TRANSIT)
    current.status, current.carrier, current.tracking_number = (
        ReturnStatus.IN_TRANSIT,
        carrier,
        tracking_number,
    )
    current.shipped_at = timezone.now()
    save_with_history(current, actor=actor)
    return current


@transaction.atomic
def receive_return(rma: ReturnAuthorization, *, actor: User) -> ReturnAuthorization:
    """The returned goods arrived; inspection comes next."""
    current = _locked(rma, actor, ReturnStatus.RECEIVED)
    current.status, current.received_at = ReturnStatus.RECEIVED, timezone.now()
    save_with_history(current, actor=actor)
    events.emit(ReturnReceived(**_payload(current)), current.case, actor=actor)
    return current


def supplier_of(line: SalesOrderLine) -> Party | None:
    """The supplier a returned product goes back to: its preferred supplier, else any approved one."""
    item = SupplierItem.objects.filter(product_id=line.product_id).select_related("supplier").first()
    return item.supplier if item is not None else None


@transaction.atomic
def inspect_return(
    rma: ReturnAuthorization, *, actor: User, dispositions: dict[int, tuple[str, str]]
) -> ReturnAuthorization:
    """Record each line's disposition (``{return line id: (disposition, note)}``, every line of
    the RMA). A line returned to its supplier opens a supplier claim on the case, one per supplier."""
    current = _locked(rma, actor, ReturnStatus.INSPECTED)
    lines = list(current.lines.select_related("order_line__product").order_by("id"))
    errors = Errors()
    for line in lines:
        disposition, note = dispositions.get(line.pk, ("", ""))
        if disposition not in Disposition.values:
            errors.add(
                f"lines.{line.pk}.disposition", _("Inspect every line first."), code="return.not_inspected"
            )
        elif disposition == Disposition.RETURN_TO_SUPPLIER and supplier_of(line.order_line) is None:
            errors.add(
                f"lines.{line.pk}.disposition",
                _("No supplier is known for this product."),
                code="return.no_supplier",
            )
        if len(note or "") > MAX_REASON:
            errors.add(f"lines.{line.pk}.note", _("The value is too long."), code="too_long")
    for key in dispositions:
        if key not in {line.pk for line in lines}:
            errors.add(f"lines.{key}", _("No such record."), code="unknown_reference")
    errors.raise_if_any()
    now, claims = timezone.now(), 0
    for line in lines:
        line.disposition, line.inspection_note = (
            dispositions[line.pk][0],
            (dispositions[line.pk][1] or "").strip(),
        )
        line.inspected_by, line.inspected_at = actor, now
        line.save(update_fields=["disposition", "inspection_note", "inspected_by", "inspected_at"])
        if line.disposition == Disposition.RETURN_TO_SUPPLIER:
            claims += _supplier_claim(current, line, actor)
    current.status = ReturnStatus.INSPECTED
    save_with_history(current, actor=actor)
    events.emit(ReturnInspected(**_payload(current), supplier_claims=claims), current.case, actor=actor)
    return current


def _supplier_claim(rma: ReturnAuthorization, line: ReturnLine, actor: User) -> int:
    supplier = supplier_of(line.order_line)
    assert supplier is not None
    if PartnerTask.objects.active().filter(case=rma.case, partner=supplier).exists():
        return 0  # the supplier already answers for this case: one claim covers its lines
    product = line.order_line.product
    open_partner_task(
        rma.case,
        supplier,
        actor=actor,
        partner_role=PartnerRole.SUPPLIER,
        request=_(
            "%(rma)s: %(quantity)s × %(product)s came back from the customer and go back to you. %(note)s"
        )
        % {
            "rma": rma.number,
            "quantity": line.quantity.normalize(),
            "product": product.name,
            "note": line.inspection_note,
        },
        product=product,
    )
    return 1


@transaction.atomic
def close_return(rma: ReturnAuthorization, *, actor: User) -> ReturnAuthorization:
    """Nothing is left to do on the return (its refunds are settled or none is due)."""
    current = _locked(rma, actor, ReturnStatus.CLOSED)
    current.status = ReturnStatus.CLOSED
    save_with_history(current, actor=actor)
    return current
