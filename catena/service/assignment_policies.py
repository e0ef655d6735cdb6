"""Access rules of assignment: staff read the rules, profiles and duty schedules (agents see why a
case came to them and who is on duty); administrators and managers set them. Portal users see
none of it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.service.models import (
    AgentAbsence,
    AgentProfile,
    AssignmentCursor,
    AssignmentLog,
    AssignmentRule,
    DutySchedule,
)

SETTERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
READS = frozenset({access.VIEW, access.EXPORT})


class AssignmentSettingPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        return action in READS or roles.role_of(user) in SETTERS

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, None) else access.NOTHING


for model in (AssignmentRule, AgentProfile, DutySchedule, AgentAbsence, AssignmentCursor, AssignmentLog):
    access.register(model, AssignmentSettingPolicy())
