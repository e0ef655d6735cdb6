"""Work orders: production of made-to-order lines, planned against actual."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.fulfilment.choices import WorkOrderStatus
from catena.sales.models import SalesOrder, SalesOrderLine


class WorkOrder(TimeStampedModel):
    """Production of one made-to-order line: planned and actual start and finish."""

    number = models.CharField(_("work order number"), max_length=30, unique=True)
    sales_order = models.ForeignKey(
        SalesOrder, verbose_name=_("for sales order"), on_delete=models.CASCADE, related_name="work_orders"
    )
    sales_order_line = models.ForeignKey(
        SalesOrderLine,
        verbose_name=_("for order line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    status = models.CharField(
        _("status"), max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.PLANNED
    )
    planned_start = models.DateTimeField(_("planned start"))
    planned_finish = models.DateTimeField(_("planned finish"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateTimeField(_("actual finish"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["sales_order", "sales_order_line", "product"]
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["planned_start", "id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="workorder_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(planned_finish__gte=models.F("planned_start")),
                name="workorder_planned_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "planned_finish"], name="workorder_status_finish")]

    def __str__(self) -> str:
        return self.number
