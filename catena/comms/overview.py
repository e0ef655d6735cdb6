"""What comms tells on a party's page before a call: when someone last really talked with the
party (an exchange, not a system entry), how, about what and who; and the next step planned
(the party's overdue and next open activities)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.comms.models import Interaction
from catena.core import access
from catena.parties import overview
from catena.parties.models import Party
from catena.parties.overview import Card, Figure, Line
from catena.workspace.selectors import activity_list


def contact_card(user: Any, party: Party) -> Card:
    """Last real contact and the next step: what to know before picking up the phone."""
    now = timezone.now()
    last = None
    if access.can(user, access.VIEW, Interaction):
        last = (
            Interaction.objects.for_user(user, access.VIEW)
            .exchanges()
            .filter(party_id=party.pk)
            .select_related("author")
            .order_by("-occurred_at", "-pk")
            .first()
        )
    planned = activity_list(user, status="open", target=party)
    open_steps = list(planned[:3])
    overdue = sum(1 for a in open_steps if a.due_at < now)
    if overdue == len(open_steps) == 3:  # the first three are late: count them all
        overdue = planned.filter(due_at__lt=now).count()
    timeline_url = f"{reverse('parties:party_detail', args=[party.pk])}?tab=timeline"
    figures = [
        Figure(
            _("Last contact"),
            last.occurred_at if last else None,
            "moment",
            timeline_url,
            hint=" · ".join(
                str(p)
                for p in (
                    last.get_channel_display(),
                    last.subject,
                    last.author.display_name if last.author else "",
                )
                if p
            )
            if last
            else _("no contact recorded yet"),
            tone="warn" if last is None or (now - last.occurred_at).days > 90 else "",
        ),
        Figure(_("Overdue activities"), overdue, "count", tone="late" if overdue else ""),
    ]
    lines = [
        Line(
            a.subject,
            "",
            detail=str(a.get_kind_display()),
            badge=_("Overdue") if a.due_at < now else "",
            tone="late" if a.due_at < now else "",
            when=timezone.localtime(a.due_at),
        )
        for a in open_steps
    ]
    return Card("contact", _("Contact and next steps"), figures, lines, empty=_("No next step planned."))


def register_overview() -> None:
    overview.register_card("contact", contact_card, order=5)
