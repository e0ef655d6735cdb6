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
IMPORT_NOT_NOW = declare(
    "import.not_allowed_now",
    422,
    _("This import cannot do that now."),
    "The import's status does not allow the step (mapping, validating, committing, cancelling).",
)
IMPORT_DRY_RUN = declare(
    "import.dry_run_only",
    422,
    _("This was a dry run only; upload the file again to import it."),
    "A dry run is never committed.",
)
IMPORT_REJECTED_ROWS = declare(
    "import.rejected_rows",
    422,
    _("The dry run rejected rows, so an all-or-nothing import would write nothing."),
    "An all-or-nothing import whose validation rejected rows is not committed.",
)
IMPORT_UNREADABLE = declare(
    "import.unreadable_file",
    422,
    _("The file cannot be read as a spreadsheet."),
    "The upload is too large, not a CSV or Excel file, or its columns changed since it was uploaded.",
)
IMPORT_BAD_MAPPING = declare(
    "import.bad_mapping",
    422,
    _("The columns are not mapped to fields usably."),
    "A column names an unknown field, a field is mapped twice, a required column is missing, or the "
    "mapping does not match the file's columns.",
)
