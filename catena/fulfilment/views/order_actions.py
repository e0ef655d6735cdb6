"""The actions on an order's page (the order 360): move it to another stage, give a stage to a
person, hold, release or cancel it, record an invoice, log a note, plan production, order the
materials, book a shipment.

Every action is a POST that calls one service. With htmx the answer is the page body again,
freshly read, with the outcome beside the form that asked; without htmx it is a redirect with
messages. A stale version (someone else moved the order first) says so and shows the new state.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.forms import ChoiceField
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catena.accounts.models import User
from catena.accounts.views import acting_user, internal_page
from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import gate
from catena.core.gate import refused_as_403
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.forms import InvoiceForm, MoveForm, NoteForm, ShipmentForm, StatusForm
from catena.fulfilment.views.common import ActionOutcome, outcome_of
from catena.fulfilment.views.order_360 import carriers_for, order_data, respond
from catena.parties.models import Party
from catena.sales.choices import OrderStatus
from catena.sales.models import SalesOrder


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
    data = order_data(request, pk)
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
