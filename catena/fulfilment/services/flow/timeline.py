"""The customer's timeline entry for each stage move, written from the ``order.stage_changed``
event after the move has committed (importing this module subscribes it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catena.comms.choices import Channel, Direction
from catena.comms.services import log_interaction
from catena.core import events
from catena.core.models import Event
from catena.fulfilment.services.flow.facts import fact_label
from catena.parties.models import Party
from catena.sales.models import SalesOrder


def _timeline(order: SalesOrder, subject: str, body: str = "", *, event: Event | None = None) -> None:
    log_interaction(
        order.customer,
        actor=None,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        subject=subject[:200],
        body=body,
        related=order,
        system=True,
        # written from the event: a handler run twice still leaves one note
        external_id=f"event-{event.pk}" if event is not None else None,
    )


@events.subscribe("order.stage_changed")
def note_stage_change(event: Event) -> None:
    """Put a move on the customer's timeline. The move's transaction writes only the event (the
    outbox); the note follows from it, after the commit, off the mover's request. The payload
    names the order and its customer (who cannot be deleted while the order exists), so nothing
    is read back; events recorded before the payload carried them still are."""
    payload = event.payload
    customer_id, number = payload.get("customer"), payload.get("number")
    if customer_id is not None and number:
        order = SalesOrder(pk=int(event.subject_id), number=number, customer=Party(pk=customer_id))
    else:
        found = SalesOrder.objects.select_related("customer").filter(pk=int(event.subject_id)).first()
        if found is None:
            return
        order = found
    # stage names of the default flows are stored in English and translated where shown
    names = {
        "from": _(payload.get("from_name") or payload["from"]),
        "to": _(payload.get("to_name") or payload["to"]),
    }
    body = payload.get("note", "")
    if payload.get("override"):
        facts = "; ".join(fact_label(fact) for fact in payload.get("overridden_facts", []))
        overridden = _("Moved on by a manager although this was not true: %(facts)s. Reason: %(reason)s") % {
            "facts": facts,
            "reason": payload["override"],
        }
        body = f"{body}\n{overridden}" if body else overridden
    _timeline(
        order,
        _("Order %(number)s: %(from)s → %(to)s") % {"number": order.number, **names},
        body,
        event=event,
    )
