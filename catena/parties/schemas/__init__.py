"""Input and output schemas of the parties and relationships API, one module per topic: ``refs``
(references to a user or a party, which other apps' outputs use), ``contacts`` (contacts, contact
points, addresses), ``parties`` (parties, their chain, history and tags, the caller's account) and
``relationships`` (relationships and their contracts).

Input enums are the model choices, so an unknown value is refused with the field named. ``*Patch``
schemas are applied with ``exclude_unset``: a field left out is not changed. Every schema is
importable from here as well (``from catena.parties.schemas import PartyOut``).
"""

from catena.parties.schemas.contacts import (
    AddressIn,
    AddressOut,
    AddressPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
    ContactPointIn,
    ContactPointOut,
    ContactPointPatch,
    PartyContactPointIn,
)
from catena.parties.schemas.parties import (
    ChainEdgeOut,
    ChainNodeOut,
    ChainOut,
    FieldChangeOut,
    HistoryEntryOut,
    HistoryPageOut,
    MeOut,
    PartyIn,
    PartyListParams,
    PartyOut,
    PartyPageOut,
    PartyPatch,
    PartySort,
    PartySummaryOut,
    TagOut,
    TagPageOut,
)
from catena.parties.schemas.refs import (
    PartyRefOut,
    UserRefOut,
)
from catena.parties.schemas.relationships import (
    ContractIn,
    ContractOut,
    Percent,
    RelationshipIn,
    RelationshipListParams,
    RelationshipOut,
    RelationshipPageOut,
    RelationshipPatch,
)

__all__ = [
    "AddressIn",
    "AddressOut",
    "AddressPatch",
    "ChainEdgeOut",
    "ChainNodeOut",
    "ChainOut",
    "ContactIn",
    "ContactOut",
    "ContactPatch",
    "ContactPointIn",
    "ContactPointOut",
    "ContactPointPatch",
    "ContractIn",
    "ContractOut",
    "FieldChangeOut",
    "HistoryEntryOut",
    "HistoryPageOut",
    "MeOut",
    "PartyContactPointIn",
    "PartyIn",
    "PartyListParams",
    "PartyOut",
    "PartyPageOut",
    "PartyPatch",
    "PartyRefOut",
    "PartySort",
    "PartySummaryOut",
    "Percent",
    "RelationshipIn",
    "RelationshipListParams",
    "RelationshipOut",
    "RelationshipPageOut",
    "RelationshipPatch",
    "TagOut",
    "TagPageOut",
    "UserRefOut",
]
