"""Access rules for import jobs, importing and exporting in general, and webhooks.

Whether a user may import or export a kind of record is the ``import``/``export`` action on that
record's model (``access.can(user, "import", Party)``). A job itself is seen by whoever started it;
administrators and managers see every job.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.integrations.models import (
    CarrierInboundKey,
    ImportJob,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

SEE_ALL_JOBS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


class ImportJobPolicy:
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user) or action not in (access.VIEW, access.ADD, access.CHANGE):
            return False
        if isinstance(obj, ImportJob):
            return roles.role_of(user) in SEE_ALL_JOBS or obj.created_by_id == user.pk
        return True

    def scope(self, user: Any, action: str) -> Q:
        if not roles.is_internal(user) or action not in (access.VIEW, access.ADD, access.CHANGE):
            return access.NOTHING
        if roles.role_of(user) in SEE_ALL_JOBS:
            return Q()
        return Q(created_by_id=user.pk)


access.register(ImportJob, ImportJobPolicy())


class WebhookPolicy:
    """Webhook subscriptions, their deliveries and attempts, and carriers' inbound keys:
    administrators only (the ``webhook`` kind in :mod:`catena.accounts.roles`)."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return roles.allows(user, "webhook", action)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if roles.allows(user, "webhook", action) else access.NOTHING


for _model in (WebhookSubscription, WebhookDelivery, WebhookAttempt, CarrierInboundKey):
    access.register(_model, WebhookPolicy())
