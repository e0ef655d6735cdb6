"""Access rules for users, departments, API tokens and the event outbox.

Only administrators manage users; everyone may see themselves. Departments are reference data
that staff read and administrators change. A token belongs to its user: users see and revoke
their own, administrators everybody's. Events (the outbox) are for administrators only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.models import APIToken, CompanyProfile, Department, User
from catena.core import access
from catena.core.models import Event


class UserPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if roles.allows(user, "user", action):
            return True
        return action == access.VIEW and isinstance(obj, User) and obj.pk == user.pk

    def scope(self, user: Any, action: str) -> Q:
        if roles.allows(user, "user", action):
            return Q()
        if action == access.VIEW and roles.is_internal(user):
            # Internal users see colleagues (owners, authors) but never portal users.
            return Q(role__in=roles.INTERNAL_ROLES) | Q(pk=user.pk)
        return Q(pk=user.pk) if action == access.VIEW else access.NOTHING


access.register(User, UserPolicy())


class KindPolicy:
    """Records that belong to nobody in particular: who may do what is the role table's row for
    ``kind`` alone (portal users have no row, so they get nothing)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return roles.allows(user, self.kind, action)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if roles.allows(user, self.kind, action) else access.NOTHING


class APITokenPolicy:
    OWN_ACTIONS = frozenset({access.VIEW, access.ADD, access.DELETE})

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if roles.allows(user, "user", action):
            return True
        if action not in self.OWN_ACTIONS:
            return False
        return isinstance(obj, type) or obj.user_id == user.pk

    def scope(self, user: Any, action: str) -> Q:
        if roles.allows(user, "user", action):
            return Q()
        return Q(user_id=user.pk) if action in self.OWN_ACTIONS else access.NOTHING


access.register(Department, KindPolicy("reference"))
access.register(CompanyProfile, KindPolicy("reference"))
access.register(APIToken, APITokenPolicy())
access.register(Event, KindPolicy("event"))
