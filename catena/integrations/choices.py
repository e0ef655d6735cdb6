from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What a file holds; each kind has its own columns (see ``catena.integrations.columns``)."""

    PARTIES = "parties", _("Parties")  # organisations and people with contact, phones, address
    PRODUCTS = "products", _("Products")  # SKUs with category, unit, prices
    INTERACTIONS = "interactions", _("Interactions")  # calls, visits, e-mails logged against parties


class ImportMode(models.TextChoices):
    """What happens to the good rows when some rows are rejected."""

    VALID_ROWS = "valid_rows", _("Import the valid rows, report the rejected ones")
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: any rejected row cancels the import")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # uploaded; the columns are being matched to fields
    VALIDATING = "validating", _("Validating")  # the dry run is checking every row
    VALIDATED = "validated", _("Validated")  # the dry run is done; waiting for the user to commit
    IMPORTING = "importing", _("Importing")  # rows are being written
    DONE = "done", _("Done")  # finished; counts say what was written
    FAILED = "failed", _("Failed")  # nothing (more) will happen; the message says why


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV (UTF-8, opens in Excel)")
    XLSX = "xlsx", _("Excel workbook (.xlsx)")


class DeliveryStatus(models.TextChoices):
    """Where one webhook delivery (one event to one subscription) stands."""

    PENDING = "pending", _("Pending")  # queued; the first attempt has not answered yet
    RETRYING = "retrying", _("Retrying")  # an attempt failed; the next one is at ``next_attempt_at``
    SUCCEEDED = "succeeded", _("Succeeded")  # the receiver answered 2xx
    FAILED = "failed", _("Failed")  # every attempt failed (or the subscription was disabled)


OPEN_DELIVERY_STATUSES = frozenset({DeliveryStatus.PENDING, DeliveryStatus.RETRYING})


class AttemptOutcome(models.TextChoices):
    """What became of one attempt of a webhook delivery."""

    DELIVERED = "delivered", _("Delivered")  # the receiver answered 2xx
    WILL_RETRY = "will_retry", _("Will retry")  # it failed; the next attempt is at ``next_attempt_at``
    GAVE_UP = "gave_up", _("Gave up")  # it failed and was the last of its round: the delivery failed
    FAILED = "failed", _("Failed")  # it failed and its round had no retries (a test event)
