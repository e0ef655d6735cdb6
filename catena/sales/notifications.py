"""Sales' part in the workspace: activities, follows, files and comments attach to leads,
opportunities, quotes and orders; their owners and followers hear when someone else moves them on."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.core.models import Event
from catena.sales.models import Lead, Opportunity, Quote, SalesOrder
from catena.workspace import rules, targets


def _owner(record: Any) -> list[int]:
    return [record.owner_id]


targets.register(Lead, url=lambda lead: reverse("sales:lead_detail", args=[lead.pk]), owners=_owner)
targets.register(
    Opportunity,
    url=lambda opportunity: reverse("sales:opportunity_detail", args=[opportunity.pk]),
    owners=_owner,
)
targets.register(Quote, url=lambda quote: reverse("sales:quote_detail", args=[quote.pk]), owners=_owner)
# the order's page is the fulfilment's 360 view (the order and its flow)
targets.register(
    SalesOrder, url=lambda order: reverse("fulfilment:order_detail", args=[order.pk]), owners=_owner
)


def _stage_name(event: Event, opportunity: Any) -> dict[str, Any]:
    step = getattr(opportunity, "step", None)
    return {"stage": step.name if step is not None else event.payload.get("to", "")}


@rules.audience(
    "opportunity.stage_changed",
    message=_("%(actor)s moved %(record)s to the stage %(stage)s"),
    extra=_stage_name,
)
def opportunity_moved(event: Event, opportunity: Any) -> list[int]:
    if event.payload.get("from") == event.payload.get("to"):
        return []  # only the probability changed
    return rules.owners_and_followers(event, opportunity)


@rules.audience("opportunity.won", message=_("%(actor)s marked %(record)s won"))
def opportunity_won(event: Event, opportunity: Any) -> list[int]:
    return rules.owners_and_followers(event, opportunity)


@rules.audience("opportunity.lost", message=_("%(actor)s marked %(record)s lost"))
def opportunity_lost(event: Event, opportunity: Any) -> list[int]:
    return rules.owners_and_followers(event, opportunity)


@rules.audience("quote.accepted", message=_("%(record)s was accepted"))
def quote_accepted(event: Event, quote: Any) -> list[int]:
    return rules.owners_and_followers(event, quote)


@rules.audience("quote.rejected", message=_("%(record)s was rejected"))
def quote_rejected(event: Event, quote: Any) -> list[int]:
    return rules.owners_and_followers(event, quote)


@rules.audience(
    "order.status_changed",
    message=_("%(actor)s changed the status of %(record)s"),
)
def order_status_changed(event: Event, order: Any) -> list[int]:
    return rules.owners_and_followers(event, order)
