"""Error codes of webhooks and carrier reports (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

INVALID_EVENT = declare(
    "webhook.invalid_event",
    422,
    _("Not an event name: use names like order.stage_changed, order.* or *."),
    "An event filter is not an event name or pattern.",
)
INVALID_URL = declare(
    "webhook.invalid_url",
    422,
    _("This is not a valid URL."),
    "The receiver's URL is malformed, not http(s), or carries credentials.",
)
PRIVATE_ADDRESS = declare(
    "webhook.private_address",
    422,
    _("Webhooks may not be sent to local or private network addresses."),
    "The receiver's host resolves to a local or private address.",
)
INACTIVE = declare(
    "webhook.inactive",
    422,
    _("Enable the subscription before sending events again."),
    "The subscription is disabled.",
)
DELIVERY_IN_PROGRESS = declare(
    "webhook.delivery_in_progress",
    422,
    _("The delivery is being sent right now; try again in a moment."),
    "The delivery is being attempted by a worker.",
)
TRACKING_MISMATCH = declare(
    "carrier.tracking_mismatch",
    422,
    _("This is not the tracking number of that shipment."),
    "The shipment number and the tracking number name different shipments.",
)
TRACKING_AMBIGUOUS = declare(
    "carrier.tracking_ambiguous",
    422,
    _("Several shipments have this tracking number; give the shipment number."),
    "The tracking number alone does not name one shipment.",
)
