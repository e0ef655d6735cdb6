"""Access rules for the flow figures: every internal user reads them; administrators and managers
start a new computation. Portal users see none of them (the scorecards will show a partner its
own row through their own rule)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.insights.models import FlowMetric, FlowMetricRun

RECOMPUTE_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


class FlowFiguresPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        if action == access.VIEW:
            return True
        return action == access.ADD and roles.role_of(user) in RECOMPUTE_ROLES

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, FlowMetricRun) else access.NOTHING


access.register(FlowMetricRun, FlowFiguresPolicy())
access.register(FlowMetric, FlowFiguresPolicy())
