"""Access rules for parties and everything hanging off them.

Internal staff see every party (company-wide read); sales staff change only the parties they
own or that nobody owns yet; only administrators and managers delete. A portal user sees only
the party their portal access names, and changes nothing here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.policies import KindPolicy
from catena.core import access
from catena.parties.models import (
    Address,
    Contact,
    ContactPoint,
    Contract,
    CustomField,
    Party,
    PartyRole,
    PortalAccess,
    Relationship,
    SavedView,
    Tag,
)

OWNERSHIP_BOUND_ROLES = frozenset({Role.SALES})


def portal_party_id(user: Any) -> int | None:
    """The party a portal user belongs to (cached on the user object for the request)."""
    if not roles.is_portal(user):
        return None
    cached = getattr(user, "_portal_party_id", False)
    if cached is not False:
        return cached
    from catena.parties.models import PortalAccess

    party_id = PortalAccess.objects.filter(user_id=user.pk).values_list("party_id", flat=True).first()
    user._portal_party_id = party_id
    return party_id


class PartyPolicy:
    fields = staticmethod(roles.field_rule("party"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, "party", action):
            return False
        if roles.is_portal(user):
            return action == access.VIEW and isinstance(obj, Party) and obj.pk == portal_party_id(user)
        if isinstance(obj, Party) and action in (access.CHANGE, access.DELETE):
            return self._may_change(user, obj.owner_id)
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.allows(user, "party", action):
            return access.NOTHING
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            return Q(pk=party_id) if (party_id and action == access.VIEW) else access.NOTHING
        if action in (access.CHANGE, access.DELETE) and roles.role_of(user) in OWNERSHIP_BOUND_ROLES:
            return Q(owner_id=user.pk) | Q(owner__isnull=True)
        return Q()

    @staticmethod
    def _may_change(user: Any, owner_id: int | None) -> bool:
        if roles.role_of(user) in OWNERSHIP_BOUND_ROLES:
            return owner_id is None or owner_id == user.pk
        return True


class RelationshipPolicy:
    fields = staticmethod(roles.field_rule("relationship"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            return (
                action == access.VIEW
                and isinstance(obj, Relationship)
                and party_id in (obj.from_party_id, obj.to_party_id)
            )
        party_action = access.VIEW if action in (access.VIEW, access.EXPORT) else access.CHANGE
        return roles.is_internal(user) and roles.allows(user, "party", party_action)

    def scope(self, user: Any, action: str) -> Q:
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            if action != access.VIEW or not party_id:
                return access.NOTHING
            return Q(from_party_id=party_id) | Q(to_party_id=party_id)
        party_action = access.VIEW if action in (access.VIEW, access.EXPORT) else access.CHANGE
        return (
            Q() if roles.is_internal(user) and roles.allows(user, "party", party_action) else access.NOTHING
        )


class TagPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == access.VIEW:
            return roles.is_internal(user)
        return roles.allows(user, "party", access.CHANGE) and roles.is_internal(user)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, Tag) else access.NOTHING


class SavedViewPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        if isinstance(obj, SavedView):
            return obj.owner_id == user.pk or (action == access.VIEW and obj.is_shared)
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.is_internal(user):
            return access.NOTHING
        if action == access.VIEW:
            return Q(owner_id=user.pk) | Q(is_shared=True)
        return Q(owner_id=user.pk)


access.register(Party, PartyPolicy())
access.register(Contact, access.ChildPolicy(Party, "party", fields=roles.field_rule("contact")))
access.register(Address, access.ChildPolicy(Party, "party", fields=roles.field_rule("address")))
access.register(ContactPoint, access.ChildPolicy(Party, "party", fields=roles.field_rule("contact_point")))
access.register(Contract, access.ChildPolicy(Party, "relationship__from_party"))
access.register(Relationship, RelationshipPolicy())
access.register(Tag, TagPolicy())
access.register(SavedView, SavedViewPolicy())
access.register(PartyRole, access.ChildPolicy(Party, "party"))
access.register(CustomField, KindPolicy("reference"))
# who of a customer or partner signs in to the portal: managed with the users, by administrators
access.register(PortalAccess, KindPolicy("user"))
