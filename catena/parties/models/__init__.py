"""Parties: every organisation or person in the chain, the roles they play, how to reach them,
and how they are related to one another. One module per topic: ``parties`` (parties, their roles,
tags and custom fields), ``contacts`` (contacts, contact points and addresses), ``relationships``
(relationships and their contracts) and ``users`` (saved views, portal access); every model is
importable from here."""

from catena.parties.models.contacts import Address, Contact, ContactPoint
from catena.parties.models.parties import CustomField, Party, PartyQuerySet, PartyRole, Tag, plays_role
from catena.parties.models.relationships import Contract, Relationship
from catena.parties.models.users import PortalAccess, SavedView

__all__ = [
    "Address",
    "Contact",
    "ContactPoint",
    "Contract",
    "CustomField",
    "Party",
    "PartyQuerySet",
    "PartyRole",
    "PortalAccess",
    "Relationship",
    "SavedView",
    "Tag",
    "plays_role",
]
