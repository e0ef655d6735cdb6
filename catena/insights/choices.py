from django.db import models
from django.utils.translation import gettext_lazy as _


class FlowDimension(models.TextChoices):
    """What one row of flow figures is about; the row's ``key`` names which one."""

    OVERALL = "overall", _("All orders")  # order-to-delivery of every delivered order (key "all")
    ORDER_TYPE = "order_type", _("Order type")  # order-to-delivery per order type
    WEEK = "week", _("Week of delivery")  # order-to-delivery per ISO week ("2026-W07")
    STAGE = "stage", _("Stage")  # stage cycle time per stage code
    DEPARTMENT = "department", _("Department")  # stage cycle time per owning department
    SUPPLIER = "supplier", _("Supplier")  # purchase order sent → received, per supplier (party id)
    CARRIER = "carrier", _("Carrier")  # shipment picked up → delivered, per carrier (party id)


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")  # requested, not started by a worker yet
    RUNNING = "running", _("Computing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = frozenset({RunStatus.PENDING, RunStatus.RUNNING})
