"""Reads of parties shared by the web pages, the API, exports and the portal, one module per
topic: ``lists`` (the filtered, sorted list and its API page), ``detail`` (one party with its
contacts, addresses and points) and ``chain`` (relationships and the chain around a party)."""

from catena.parties.selectors.chain import OTHER_GROUP, chain_graph, relationships_of
from catena.parties.selectors.detail import (
    party_detail,
    party_row,
    sees_every_party,
)
from catena.parties.selectors.lists import (
    OWNER_FIELDS,
    SORT_MATCHES_LIMIT,
    SORTS,
    SUMMARY_FIELDS,
    PartyFilter,
    PartyPage,
    StringList,
    api_party_page,
    party_list,
    party_page,
    party_summaries,
)

__all__ = [
    "OTHER_GROUP",
    "OWNER_FIELDS",
    "SORTS",
    "SORT_MATCHES_LIMIT",
    "SUMMARY_FIELDS",
    "PartyFilter",
    "PartyPage",
    "StringList",
    "api_party_page",
    "chain_graph",
    "party_detail",
    "party_list",
    "party_page",
    "party_row",
    "party_summaries",
    "relationships_of",
    "sees_every_party",
]
