"""The parties' part in the workspace: activities, follows, files and comments attach to parties
and contacts, and a party's account manager and followers hear when someone else changes it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.core.models import Event
from catena.parties.models import Contact, Party
from catena.workspace import rules, targets

targets.register(
    Party,
    url=lambda party: reverse("parties:party_detail", args=[party.pk]),
    owners=lambda party: [party.owner_id],
)
targets.register(
    Contact,
    url=lambda contact: reverse("parties:party_detail", args=[contact.party_id]),
    owners=lambda contact: [contact.party.owner_id],
)


@rules.audience("party.updated", message=_("%(actor)s changed %(record)s"))
def party_changed(event: Event, party: Any) -> list[int]:
    return rules.owners_and_followers(event, party)
