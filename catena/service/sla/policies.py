"""Access rules of SLA policies and clocks.

SLA policies are read by all staff (agents see the targets they work to) and set by
administrators and managers. A clock is seen by whoever may see its record (a case, a partner
task); clocks are moved by the service desk's services, so by hand only administrators and
managers change them (operators' fixes). Portal users see neither: a customer sees the expected
response time the case shows, not the clock rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.service.models import SlaClock, SlaPolicy
from catena.workspace import targets

SETTERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
READS = frozenset({access.VIEW, access.EXPORT})


class SlaPolicyPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        return action in READS or roles.role_of(user) in SETTERS

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, SlaPolicy) else access.NOTHING


class SlaClockPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        if roles.role_of(user) in SETTERS:
            return True
        if action not in READS:
            return False
        if isinstance(obj, type):
            return True
        record = targets.load(obj.content_type_id, obj.object_id)
        return record is not None and access.can(user, access.VIEW, record)

    def scope(self, user: Any, action: str) -> Q:
        if not roles.is_internal(user):
            return access.NOTHING
        if roles.role_of(user) in SETTERS:
            return Q()
        return targets.visible_scope(user, access.VIEW) if action in READS else access.NOTHING


access.register(SlaPolicy, SlaPolicyPolicy())
access.register(SlaClock, SlaClockPolicy())
