"""Fulfilment's part in the workspace: activities, follows, files and comments attach to purchase
orders, work orders and shipments; buyers hear when a supplier answers, the order's owner and followers when a carrier
reports a problem or a delivery or the order moves on, and a stage's new owner that it is theirs.

A stage running late announces no event yet, so nobody is told of it here."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.core.models import Event
from catena.fulfilment.models import PurchaseOrder, Shipment, WorkOrder
from catena.workspace import rules, targets

targets.register(
    PurchaseOrder,
    url=lambda po: reverse("fulfilment:po_detail", args=[po.pk]),
    owners=lambda po: [po.buyer_id],
)
targets.register(
    WorkOrder,
    url=lambda work_order: reverse("fulfilment:wo_detail", args=[work_order.pk]),
    owners=lambda work_order: [work_order.sales_order.owner_id],
)
targets.register(
    Shipment,
    url=lambda shipment: reverse("fulfilment:shipment_detail", args=[shipment.pk]),
    owners=lambda shipment: [shipment.sales_order.owner_id],
)


def _buyer_and_followers(event: Event, po: Any) -> list[int]:
    return rules.owners_and_followers(event, po)


rules.audience(
    "purchase_order.confirmed", message=_("The supplier confirmed %(record)s (promised %(promised_date)s)")
)(_buyer_and_followers)
rules.audience(
    "purchase_order.date_proposed",
    message=_("The supplier proposed another date for %(record)s: %(promised_date)s"),
)(_buyer_and_followers)
rules.audience("purchase_order.rejected", message=_("The supplier rejected %(record)s"))(_buyer_and_followers)


def _shipment_audience(event: Event, shipment: Any) -> list[int]:
    """Who owns or follows the shipment, and who follows its order."""
    if shipment is None:
        return []
    return [*rules.owners_and_followers(event, shipment), *rules.followers(shipment.sales_order)]


@rules.audience(
    "shipment.event",
    verb="shipment.exception",
    message=_("The carrier reported a problem with %(record)s: %(reason)s"),
)
def carrier_exception(event: Event, shipment: Any) -> list[int]:
    return _shipment_audience(event, shipment) if event.payload.get("kind") == "exception" else []


@rules.audience(
    "shipment.proof_of_delivery", message=_("%(record)s was delivered, signed for by %(signed_by)s")
)
def proof_of_delivery(event: Event, shipment: Any) -> list[int]:
    return _shipment_audience(event, shipment)


@rules.audience("order.stage_changed", message=_("%(record)s moved to the stage %(to_name)s"))
def order_moved(event: Event, order: Any) -> list[int]:
    return rules.owners_and_followers(event, order)


def _stage_of(event: Event, order: Any) -> dict[str, Any]:
    code = event.payload.get("stage", "")
    stage = order.stages.filter(code=code).first() if order is not None else None
    return {"stage": stage.name if stage is not None else code}


@rules.audience(
    "order.stage_assigned",
    verb="order.stage_assigned",
    message=_("%(actor)s made you responsible for the stage %(stage)s of %(record)s"),
    extra=_stage_of,
)
def stage_owner(event: Event, order: Any) -> list[int]:
    return [event.payload.get("owner")]
