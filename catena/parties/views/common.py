"""Small helpers the party pages share."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from catena.parties import selectors
from catena.parties.models import Party


def visible_party(request: HttpRequest, pk: int) -> Party:
    """The party with everything its page shows, or 404 when the user may not see it."""
    party = selectors.party_detail(request.user, pk)
    if party is None:
        raise Http404
    return party
