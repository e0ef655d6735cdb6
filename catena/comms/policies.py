"""Access rules for the interaction timeline: internal staff only; authors edit their own
exchanges. System entries record what happened to a record: nobody edits them, administrators
and managers may delete one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.comms.choices import InteractionKind
from catena.comms.models import Interaction
from catena.core import access

EDIT_ANY = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


class InteractionPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, "interaction", action):
            return False
        if isinstance(obj, Interaction) and action == access.CHANGE and obj.kind == InteractionKind.SYSTEM:
            return False
        if isinstance(obj, Interaction) and action in (access.CHANGE, access.DELETE):
            return roles.role_of(user) in EDIT_ANY or obj.author_id == user.pk
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.allows(user, "interaction", action):
            return access.NOTHING
        scope = Q()
        if action == access.CHANGE:
            scope &= Q(kind=InteractionKind.EXCHANGE)
        if action in (access.CHANGE, access.DELETE) and roles.role_of(user) not in EDIT_ANY:
            scope &= Q(author_id=user.pk)
        return scope


access.register(Interaction, InteractionPolicy())
