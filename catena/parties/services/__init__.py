"""Use cases of the parties app, one module per topic: ``parties`` (create, update, delete, tag
and assign parties), ``contacts`` (contacts and their contact points), ``addresses``,
``relationships`` (relationships between parties and their contracts), ``portal`` (tying a portal
user to its party) and ``imports`` (the event of a parties import). ``cleaning`` holds the
cleaners the use cases and the importers check input with, ``derived`` the columns a party
derives from its children (search text, primary location).

Each use case runs in one transaction, checks the actor's rights before writing, records field
history and emits a domain event. ``actor=None`` means a trusted system caller (seed, command line
import) and skips the rights check. The use cases are importable from here as well
(``from catena.parties import services``).
"""

from catena.parties.services.addresses import add_address, delete_address, update_address
from catena.parties.services.cleaning import clean_address, clean_point, clean_roles, clean_tag_names
from catena.parties.services.contacts import (
    add_contact,
    add_contact_point,
    delete_contact,
    delete_contact_point,
    update_contact,
    update_contact_point,
)
from catena.parties.services.derived import build_search_text
from catena.parties.services.imports import announce_imported
from catena.parties.services.parties import (
    assign_parties,
    create_party,
    delete_party,
    tag_parties,
    update_party,
)
from catena.parties.services.portal import grant_portal_access
from catena.parties.services.relationships import (
    create_relationship,
    delete_relationship,
    update_relationship,
)

__all__ = [
    "add_address",
    "add_contact",
    "add_contact_point",
    "announce_imported",
    "assign_parties",
    "build_search_text",
    "clean_address",
    "clean_point",
    "clean_roles",
    "clean_tag_names",
    "create_party",
    "create_relationship",
    "delete_address",
    "delete_contact",
    "delete_contact_point",
    "delete_party",
    "delete_relationship",
    "grant_portal_access",
    "tag_parties",
    "update_address",
    "update_contact",
    "update_contact_point",
    "update_party",
    "update_relationship",
]
