"""The domain events of parties (declared here, emitted by ``parties.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, FieldsChanged, Imported, declare


@declare(
    "party.created", subject="parties.party", example={"name": "上海精工机械有限公司", "roles": ["customer"]}
)
class PartyCreated(EventPayload):
    """A party was created (by a user, through the API or by converting a lead)."""

    name: str
    """The party's name."""
    roles: list[str]
    """Its roles (``customer``, ``supplier``, ``carrier``, …)."""


@declare("party.updated", subject="parties.party", example={"fields": ["contacts"]})
class PartyUpdated(FieldsChanged):
    """A party's fields, tags, contacts, addresses or contact points changed."""


@declare("party.deleted", subject="parties.party", example={"name": "上海精工机械有限公司"})
class PartyDeleted(EventPayload):
    """A party was deleted (the subject id no longer exists)."""

    name: str
    """The name it had."""


@declare(
    "party.imported",
    subject="integrations.importjob",
    example={"job": 12, "created": [1041, 1042], "updated": [87], "contacts": [2210, 2211]},
)
class PartiesImported(Imported):
    """A chunk of a parties import committed (one event per chunk of up to 2,000 rows): these
    parties were created, or updated with their roles, tags, contacts, contact points and
    address. The subject is the import job."""

    contacts: list[int]
    """The ids of the contacts this chunk added (to new or to existing parties)."""


@declare(
    "relationship.created",
    subject="parties.relationship",
    example={"from_party": 7, "to_party": 9, "kind": "supplies"},
)
class RelationshipCreated(EventPayload):
    """A supply-chain link between two parties was recorded (``from`` serves ``to``)."""

    from_party: int
    """The upstream party."""
    to_party: int
    """The downstream party."""
    kind: str
    """How the upstream party serves the downstream one (``supplies``, ``sells_to``, …)."""


@declare("relationship.updated", subject="parties.relationship", example={"fields": ["notes"]})
class RelationshipUpdated(FieldsChanged):
    """A relationship between two parties changed."""


@declare("relationship.deleted", subject="parties.relationship", example={})
class RelationshipDeleted(EventPayload):
    """A relationship between two parties was removed."""


@declare("tag.renamed", subject="parties.tag", example={"old_name": "华东重点", "name": "华东重点客户"})
class TagRenamed(EventPayload):
    """A tag was renamed: every party carrying it shows the new name."""

    old_name: str
    """The name it had."""
    name: str
    """Its new name."""


@declare(
    "tag.merged",
    subject="parties.tag",
    example={"merged_name": "华东客户", "name": "华东重点", "parties": 41},
)
class TagMerged(EventPayload):
    """A tag was merged into another (the subject, which stays): the parties that carried the
    merged tag carry the other one now, and the merged tag is gone."""

    merged_name: str
    """The name of the tag that was merged away."""
    name: str
    """The name of the tag that stays."""
    parties: int
    """How many parties carried the merged tag."""


@declare("tag.deleted", subject="parties.tag", example={"name": "旧活动", "parties": 3})
class TagDeleted(EventPayload):
    """A tag was deleted (the subject id no longer exists): the parties that carried it lost it."""

    name: str
    """The name it had."""
    parties: int
    """How many parties carried it."""
