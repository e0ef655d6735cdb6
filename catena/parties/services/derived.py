"""Columns a party derives from its children: the search text (name, credit code, contacts,
contact points) and the primary location (province and city of the primary address)."""

from __future__ import annotations

from catena.parties.models import Party
from catena.parties.search import search_document


def build_search_text(party: Party) -> str:
    parts = [party.name, party.short_name, party.uscc or "", party.external_id or ""]
    parts += [c.name for c in party.contacts.all()]
    parts += [p.value for p in party.contact_points.all()]
    return search_document(parts)


def refresh_search_text(party: Party) -> None:
    text = build_search_text(party)
    if text != party.search_text:
        Party.objects.filter(pk=party.pk).update(search_text=text)
        party.search_text = text


def refresh_primary_location(party: Party) -> None:
    address = party.addresses.order_by("-is_primary", "id").first()
    province, city = (address.province, address.city) if address else ("", "")
    if (party.province, party.city) != (province, city):
        Party.objects.filter(pk=party.pk).update(province=province, city=city)
        party.province, party.city = province, city
