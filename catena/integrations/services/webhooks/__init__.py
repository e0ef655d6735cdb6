"""Use cases of outbound webhooks, one module per topic: ``subscriptions`` (create, change,
rotate the secret, delete), ``deliveries`` (the fan-out of domain events to subscriptions, test
events, redeliveries and the periodic jobs) and ``checks`` (what event names and receiver URLs a
subscription may hold). Sending itself is :mod:`catena.integrations.services.webhook_delivery`.

Importing this package registers :func:`queue_deliveries` as a ``"*"`` handler of the outbox
(``IntegrationsConfig.ready``). Every name is importable from here as well
(``from catena.integrations.services import webhooks``).
"""

from catena.integrations.services.webhooks.checks import (
    EVENT_PATTERN,
    MAX_EVENT_NAMES,
    clean_event_names,
    clean_url,
)
from catena.integrations.services.webhooks.deliveries import (
    PRUNE_BATCH,
    deliver_due,
    prune_attempts,
    queue_deliveries,
    redeliver,
    reschedule_stalled,
    send_test_event,
)
from catena.integrations.services.webhooks.subscriptions import (
    EDITABLE,
    KNOWN_EVENTS,
    create_subscription,
    delete_subscription,
    new_secret,
    rotate_secret,
    update_subscription,
)

__all__ = [
    "EDITABLE",
    "EVENT_PATTERN",
    "KNOWN_EVENTS",
    "MAX_EVENT_NAMES",
    "PRUNE_BATCH",
    "clean_event_names",
    "clean_url",
    "create_subscription",
    "delete_subscription",
    "deliver_due",
    "new_secret",
    "prune_attempts",
    "queue_deliveries",
    "redeliver",
    "reschedule_stalled",
    "rotate_secret",
    "send_test_event",
    "update_subscription",
]
