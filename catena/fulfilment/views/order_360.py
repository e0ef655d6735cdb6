"""The order 360: one order followed across departments and partners, and the answer every
action on it gives (``respond``); the actions themselves are in ``order_actions``.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Q
from django.forms import ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catena.accounts import roles
from catena.accounts.models import User
from catena.accounts.views import internal_page
from catena.comms.models import Interaction
from catena.core import access
from catena.core.gate import is_fragment
from catena.fulfilment import selectors
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
from catena.fulfilment.views.common import ActionOutcome
from catena.parties.choices import PartyRoleType, PartyStatus
from catena.parties.models import Party
from catena.sales.choices import STATUS_TRANSITIONS, LineFulfilment, OrderStatus


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


def order_data(request: HttpRequest, pk: int) -> selectors.Order360:
    """Everything the page shows of order ``pk``; 404 outside the user's scope."""
    data = selectors.order_360(request.user, pk)
    if data is None:
        raise Http404
    return data


@internal_page
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = order_data(request, pk)
    template = "fulfilment/order_detail.html#body" if is_fragment(request) else "fulfilment/order_detail.html"
    return render(request, template, order_context(request, data))


def respond(
    request: HttpRequest, pk: int, outcome: ActionOutcome, *, action: str, forms: dict[str, Any] | None = None
) -> HttpResponse:
    """The answer to an action on order ``pk``: the fresh body for htmx, else a redirect."""
    if not is_fragment(request):
        outcome.flash(request)
        return redirect("fulfilment:order_detail", pk=pk)
    context = order_context(request, order_data(request, pk), outcome=outcome, action=action, forms=forms)
    return render(request, "fulfilment/order_detail.html#body", context)
