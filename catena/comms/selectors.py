"""Reads of the interaction timeline."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from catena.comms.choices import InteractionKind
from catena.comms.models import Interaction
from catena.core import access
from catena.parties.models import Party


def timeline(user: Any, party: Party, *, channel: str = "", kind: str = "") -> QuerySet[Interaction]:
    """The entries of ``party``'s timeline that ``user`` may see, newest first: exchanges and
    system entries together, or only the ``kind`` asked for."""
    qs = access.restrict(Interaction.objects.filter(party=party), user, access.VIEW)
    if kind in InteractionKind.values:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.select_related("author", "contact").order_by("-occurred_at", "-id")


def interaction_list(user: Any, **filters: Any) -> QuerySet[Interaction]:
    qs = access.restrict(Interaction.objects.all(), user, access.VIEW)
    for key in ("party_id", "kind", "channel", "direction", "author_id"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("since"):
        qs = qs.filter(occurred_at__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(occurred_at__lt=filters["until"])
    return qs.select_related("party", "author", "contact").order_by("-occurred_at", "-id")
