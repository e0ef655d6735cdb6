"""The order 360: one order followed across departments and partners, and the actions on it.

Every action is a POST that calls one service. With htmx the answer is the page body again,
freshly read, with the outcome beside the form that asked; without htmx it is a redirect with
messages. A stale version (someone else moved the order first) says so and shows the new state.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db.models import Q
from django.forms import ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.accounts import roles
from catena.accounts.models import User
from catena.accounts.views import acting_user, internal_page
from catena.comms.choices import Channel, Direction
from catena.comms.models import Interaction
from catena.comms.services import log_interaction
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus, StageState, WorkOrderStatus
from catena.fulfilment.forms import (
    InvoiceForm,
    MoveForm,
    NoteForm,
    ProofOfDeliveryForm,
    ShipmentForm,
    StatusForm,
    TrackingEventForm,
)
from catena.fulfilment.models import OrderStage, PurchaseOrder, Shipment, WorkOrder
from catena.fulfilment.services.flow import (
    MOVABLE_STATUSES,
    MOVE_BACK_ROLES,
    OVERRIDE_ROLES,
    fact_label,
    missing_fact,
)
from catena.fulfilment.views.common import ActionOutcome, outcome_of
from catena.parties.choices import PartyRoleType, PartyStatus
from catena.parties.models import Party
from catena.sales.choices import STATUS_TRANSITIONS, LineFulfilment, OrderStatus
from catena.sales.models import SalesOrder


def carriers_for(user: Any) -> list[tuple[int, str]]:
    """Parties with the carrier role that may still get business, for the carrier picker."""
    return list(
        Party.objects.for_user(user)
        .filter(roles__role=PartyRoleType.CARRIER)
        .exclude(status__in=[PartyStatus.BLOCKED, PartyStatus.ARCHIVED])
        .order_by("name", "id")
        .values_list("pk", "name")[:500]
    )


def _ms(moment: Any) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def chart_data(data: selectors.Order360) -> dict[str, Any]:
    """Planned and actual bars of every stage for the ECharts Gantt chart (times in epoch ms)."""
    return {
        "now": _ms(timezone.now()),
        "labels": {"planned": _("Planned"), "actual": _("Actual"), "now": _("Now"), "late": _("Late")},
        "stages": [
            {
                "name": _(row.stage.name),
                "department": row.stage.department.get_code_display(),
                "planned": [_ms(row.planned_start), _ms(row.planned_end)],
                "actual": [_ms(row.actual_start), _ms(row.actual_end)],
                "state": row.stage.state,
                "late": row.is_late,
                "active": row.is_active,
            }
            for row in data.rows
        ],
    }


def stage_owners(user: Any, stage: OrderStage) -> list[tuple[int, str]]:
    """Who may own ``stage``: active staff of its department, and managers. Staff who may not
    assign others see only themselves."""
    if roles.role_of(user) not in MOVE_BACK_ROLES:
        return [(user.pk, user.display_name)]
    people = (
        User.objects.filter(is_active=True, role__in=roles.INTERNAL_ROLES)
        .for_user(user)
        .filter(Q(department_id=stage.department_id) | Q(role__in=MOVE_BACK_ROLES))
    )
    return [(u.pk, u.display_name) for u in people.order_by("last_name", "first_name", "username")[:200]]


def _make_lines_unplanned(data: selectors.Order360) -> bool:
    planned = {wo.sales_order_line_id for wo in data.work_orders if wo.status != WorkOrderStatus.CANCELLED}
    return any(line.fulfilment == LineFulfilment.MAKE and line.pk not in planned for line in data.lines)


def order_context(
    request: HttpRequest,
    data: selectors.Order360,
    *,
    outcome: ActionOutcome | None = None,
    action: str = "",
    forms: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user = request.user
    order = data.order
    active_order = order.is_active
    has_make = any(line.fulfilment == LineFulfilment.MAKE for line in data.lines)
    can_ship = (
        access.can(user, access.ADD, Shipment) and order.status in MOVABLE_STATUSES and bool(data.unbooked())
    )
    forms = forms or {}
    now = timezone.now()
    for po in data.purchase_orders:
        promises = list(po.promises.all())
        po.last_promise = promises[-1] if promises else None  # type: ignore[attr-defined]
        po.broken_count = sum(1 for p in promises[:-1] if p.kept is False)  # type: ignore[attr-defined]
    for wo in data.work_orders:
        finish = wo.actual_finish or (
            now if wo.status not in (WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED) else None
        )
        wo.is_late = finish is not None and finish > wo.planned_finish  # type: ignore[attr-defined]
    outcomes = forms.get("shipment_outcomes", {})
    for shipment in data.shipments:
        shipment.outcome = outcomes.get(shipment.pk)  # type: ignore[attr-defined]
        may = access.can(user, access.CHANGE, shipment)
        closed = shipment.status in (ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED)
        unpicked = shipment.status in (ShipmentStatus.PLANNED, ShipmentStatus.CANCELLED)
        shipment.can_track = may and not closed  # type: ignore[attr-defined]
        shipment.can_pod = may and not unpicked and not shipment.pod_signed_by  # type: ignore[attr-defined]
    holders = sorted((r for r in data.rows if r.over_hours), key=lambda r: r.over_hours or 0, reverse=True)
    statuses = [
        (value, label)
        for value, label in OrderStatus.choices
        if value in STATUS_TRANSITIONS.get(order.status, frozenset())
        and (
            value != OrderStatus.CLOSED
            or all(s.state in (StageState.DONE, StageState.SKIPPED) for s in data.stages)
        )
    ]
    status_form = forms.get("status") or StatusForm(initial={"version": order.version})
    cast(ChoiceField, status_form.fields["status"]).choices = statuses
    active = data.active
    can_assign = active is not None and order.is_active and access.can(user, access.CHANGE, active)
    # the fact the active stage waits for, when it is not there yet (a move past it is refused)
    missing = missing_fact(order, active) if active is not None and data.targets else None
    forward = [t for t in data.targets if active is not None and t.sequence > active.sequence]
    return {
        "data": data,
        "order": order,
        "can_assign": can_assign,
        "owners": stage_owners(user, active) if can_assign and active is not None else [],
        "outcome": outcome,
        "action": action,
        "customer_status": selectors.customer_status(order, data.current, data.stages, data.facts),
        "chart": chart_data(data),
        "holder": holders[0] if holders else None,
        "can_move": bool(data.targets),
        "statuses": statuses,
        "can_change_status": access.can(user, access.CHANGE, order) and bool(statuses),
        "can_plan": access.can(user, access.ADD, WorkOrder) and active_order and _make_lines_unplanned(data),
        "can_purchase": access.can(user, access.ADD, PurchaseOrder)
        and active_order
        and has_make
        and not any(po.status != PurchaseOrderStatus.CANCELLED for po in data.purchase_orders),
        "can_ship": can_ship,
        "can_note": access.can(user, access.ADD, Interaction),
        "move_form": MoveForm(initial={"version": order.version}),
        "missing_fact": fact_label(missing) if missing else "",
        "can_override": bool(missing) and bool(forward) and roles.role_of(user) in OVERRIDE_ROLES,
        "can_invoice": access.can(user, access.CHANGE, order)
        and order.status != OrderStatus.CANCELLED
        and data.uninvoiced > 0,
        "invoice_form": forms.get("invoice")
        or InvoiceForm(initial={"issued_on": timezone.localdate(), "amount": data.uninvoiced}),
        "status_form": status_form,
        "note_form": forms.get("note") or NoteForm(),
        "ship_form": forms.get("ship")
        or (ShipmentForm(carriers=carriers_for(user), lines=data.unbooked()) if can_ship else None),
        "event_form": TrackingEventForm(),
        "pod_form": ProofOfDeliveryForm(),
    }


def _data(request: HttpRequest, pk: int) -> selectors.Order360:
    data = selectors.order_360(request.user, pk)
    if data is None:
        raise Http404
    return data


@internal_page
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = _data(request, pk)
    template = "fulfilment/order_detail.html#body" if is_fragment(request) else "fulfilment/order_detail.html"
    return render(request, template, order_context(request, data))


def respond(
    request: HttpRequest, pk: int, outcome: ActionOutcome, *, action: str, forms: dict[str, Any] | None = None
) -> HttpResponse:
    """The answer to an action on order ``pk``: the fresh body for htmx, else a redirect."""
    if not is_fragment(request):
        outcome.flash(request)
        return redirect("fulfilment:order_detail", pk=pk)
    context = order_context(request, _data(request, pk), outcome=outcome, action=action, forms=forms)
    return render(request, "fulfilment/order_detail.html#body", context)


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_move(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Move the order to another stage, if the user's department owns the active stage."""
    form = MoveForm(request.POST)
    outcome = ActionOutcome()
    if not form.is_valid():
        outcome.errors.append(_("Choose a stage."))
        return respond(request, order.pk, outcome, action="move")
    with refused_as_403(), outcome_of(outcome):
        moved = flow.move_stage(
            order,
            to=form.cleaned_data["to"],
            actor=acting_user(request),
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            override=form.cleaned_data["override"],
        )
        stage = next((s.name for s in selectors.order_stages(moved) if s.code == moved.stage), moved.stage)
        outcome.success = _("Order %(number)s moved to “%(stage)s”.") % {
            "number": moved.number,
            "stage": _(stage),
        }
    return respond(request, order.pk, outcome, action="move")


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_status(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Hold, release, mark back-ordered, cancel (a reason is required to hold or cancel)."""
    form = StatusForm(request.POST)
    cast(ChoiceField, form.fields["status"]).choices = list(OrderStatus.choices)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            changed = flow.set_status(
                order,
                status=form.cleaned_data["status"],
                actor=acting_user(request),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
            outcome.success = _("Order %(number)s is now %(status)s.") % {
                "number": changed.number,
                "status": changed.get_status_display(),
            }
        if outcome.exc is not None and "reason" in outcome.exc.message_dict:
            form.add_error("reason", outcome.exc.message_dict["reason"])
    else:
        outcome.errors.append(_("Choose a status."))
    bound = form if not outcome.ok and not outcome.stale else None
    return respond(request, order.pk, outcome, action="status", forms={"status": bound})


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_invoice(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Record an invoice issued for the order; once invoices cover it, invoicing is done."""
    form = InvoiceForm(request.POST)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            invoice = flow.record_invoice(
                order,
                actor=acting_user(request),
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                amount=form.cleaned_data["amount"],
            )
            outcome.success = _("Invoice %(number)s recorded.") % {"number": invoice.number}
        if outcome.exc is not None:
            for key, messages in outcome.exc.message_dict.items():
                if key in form.fields:
                    form.add_error(key, messages)
    else:
        outcome.errors.append(_("Check the invoice's fields."))
    return respond(
        request, order.pk, outcome, action="invoice", forms={"invoice": form if not outcome.ok else None}
    )


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_note(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Log a note about the order on the customer's timeline."""
    form = NoteForm(request.POST)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            log_interaction(
                order.customer,
                actor=acting_user(request),
                channel=Channel.NOTE,
                direction=Direction.INTERNAL,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                related=order,
            )
            outcome.success = _("Note added.")
    else:
        outcome.errors.append(_("Write the note first."))
    return respond(
        request, order.pk, outcome, action="note", forms={"note": form if not outcome.ok else None}
    )


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_plan(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Plan production: one work order per made-to-order line that has none."""
    outcome = ActionOutcome()
    with refused_as_403(), outcome_of(outcome):
        created = flow.plan_production(order, actor=acting_user(request))
        outcome.success = _("%(count)d work order(s) planned.") % {"count": len(created)}
    return respond(request, order.pk, outcome, action="plan")


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_purchase(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Order the materials of the made-to-order lines from their preferred suppliers."""
    outcome = ActionOutcome()
    with refused_as_403(), outcome_of(outcome):
        created = flow.purchase_materials(order, actor=acting_user(request))
        outcome.success = _("%(count)d purchase order(s) sent.") % {"count": len(created)}
    return respond(request, order.pk, outcome, action="purchase")


@internal_page
@require_POST
def order_ship(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a shipment with a carrier for the quantities entered."""
    data = _data(request, pk)
    order = data.order
    user = acting_user(request)
    form = ShipmentForm(request.POST, carriers=carriers_for(user), lines=data.unbooked())
    outcome = ActionOutcome()
    if form.is_valid():
        chosen = form.chosen_lines()
        carrier = gate.find(user, Party, form.cleaned_data["carrier"])
        if not chosen:
            outcome.errors.append(_("Enter the quantity to ship of at least one line."))
        elif carrier is not None:
            with refused_as_403(), outcome_of(outcome):
                shipment = flow.create_shipment(
                    order,
                    actor=user,
                    carrier=carrier,
                    lines=[(line, Decimal(q)) for line, q in chosen],
                    tracking_number=form.cleaned_data["tracking_number"],
                    notes=form.cleaned_data["notes"],
                )
                outcome.success = _("Shipment %(number)s booked.") % {"number": shipment.number}
            if outcome.exc is not None:
                for key, messages in outcome.exc.message_dict.items():
                    parts = key.split(".")
                    field = (
                        form.line_field(int(parts[1])) if parts[0] == "lines" and len(parts) == 3 else None
                    )
                    if field is None and key in form.fields:
                        field = key
                    for message in messages:
                        form.add_error(field, message)
    else:
        outcome.errors.append(_("Check the shipment's fields."))
    return respond(request, pk, outcome, action="ship", forms={"ship": form if not outcome.ok else None})


@internal_page
@require_POST
@gate.record(selectors.visible_order)
def order_assign(request: HttpRequest, order: SalesOrder) -> HttpResponse:
    """Give the active stage to a person, or back to its department's queue (empty owner)."""
    user = acting_user(request)
    stage = order.stages.filter(code=request.POST.get("stage", "")[:40]).first()
    outcome = ActionOutcome()
    if stage is None:
        outcome.errors.append(_("Choose a stage."))
        return respond(request, order.pk, outcome, action="assign")
    value = request.POST.get("owner", "")
    owner = None
    if value:
        owner = gate.find(user, User, int(value)) if value.isdecimal() else None
        if owner is None:
            outcome.errors.append(_("No such active staff member."))
            return respond(request, order.pk, outcome, action="assign")
    with refused_as_403(), outcome_of(outcome):
        flow.assign_stage(stage, actor=user, owner=owner)
        outcome.success = (
            _("“%(stage)s” is now %(owner)s's.") % {"stage": _(stage.name), "owner": owner.display_name}
            if owner
            else _("“%(stage)s” is back in its department's queue.") % {"stage": _(stage.name)}
        )
    return respond(request, order.pk, outcome, action="assign")
