"""What the service desk adds to a party's page: a card of the customer's returns and what was
refunded on them (shown only to those who see cases, and only when the party has returns)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.core import access
from catena.parties import overview
from catena.parties.models import Party
from catena.service.choices import RefundStatus, ReturnStatus
from catena.service.models import Refund, ReturnAuthorization

OPEN_RETURNS = (
    ReturnStatus.REQUESTED,
    ReturnStatus.AUTHORISED,
    ReturnStatus.IN_TRANSIT,
    ReturnStatus.RECEIVED,
)
LINES = 3


def returns_card(user: Any, party: Party) -> overview.Card | None:
    """The party's open returns and the refunds paid or credited on its returns."""
    if not access.can(user, access.VIEW, ReturnAuthorization):
        return None
    rmas = ReturnAuthorization.objects.for_user(user, access.VIEW).filter(party=party)
    latest = list(rmas.order_by("-created_at", "-id")[:LINES])
    if not latest:
        return None
    counts = rmas.aggregate(open=Count("pk", filter=Q(status__in=OPEN_RETURNS)))
    refunded = (
        Refund.objects.for_user(user, access.VIEW)
        .filter(rma__party=party, status__in=(RefundStatus.PAID, RefundStatus.CREDITED))
        .aggregate(total=Sum("amount"))["total"]
    )
    lines = [
        overview.Line(
            rma.number,
            reverse("service:return_detail", args=[rma.pk]),
            badge=rma.get_status_display(),
            when=rma.created_at,
        )
        for rma in latest
    ]
    figures = [
        overview.Figure(_("Open returns"), counts["open"], "count"),
        overview.Figure(_("Refunded"), refunded or 0, "money"),
    ]
    return overview.Card("returns", _("Returns"), figures, lines)
