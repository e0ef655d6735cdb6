"""Access rules for users: only administrators manage them; everyone may see themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access


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
