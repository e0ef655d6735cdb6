"""What suppliers deliver (supplier items), purchase orders with their lines, and the suppliers'
answers to them (promises, kept or broken)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField
from catena.fulfilment.choices import OPEN_PO_STATUSES, EventSource, PurchaseOrderStatus, SupplierAnswer
from catena.parties.models import Party
from catena.sales.models import SalesOrder, SalesOrderLine


class SupplierItem(TimeStampedModel):
    """A product a supplier is approved to deliver, at what price and lead time. Material needs
    go to the preferred supplier of each component."""

    supplier = models.ForeignKey(
        Party, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="supplier_items"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="supplier_items"
    )
    supplier_sku = models.CharField(_("supplier's item number"), max_length=60, blank=True)
    unit_price = MoneyField(_("unit price"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=7)
    is_preferred = models.BooleanField(_("preferred supplier"), default=False)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["product_id", "-is_preferred", "supplier_id"]
        verbose_name = _("supplier item")
        verbose_name_plural = _("supplier items")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "product"], name="supplieritem_unique"),
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(is_preferred=True), name="supplieritem_one_preferred"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}: {self.product_id}"


class PurchaseOrderQuerySet(GatedQuerySet["PurchaseOrder"]):
    def open(self) -> PurchaseOrderQuerySet:
        return self.filter(status__in=OPEN_PO_STATUSES)


class PurchaseOrder(TimeStampedModel):
    """An order to a supplier, by hand or for the material needs of made-to-order lines."""

    number = models.CharField(_("purchase order number"), max_length=30, unique=True)
    supplier = models.ForeignKey(
        Party, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="purchase_orders"
    )
    sales_order = models.ForeignKey(
        SalesOrder,
        verbose_name=_("for sales order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_orders",
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_orders",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT
    )
    ordered_at = models.DateTimeField(_("ordered at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    needed_by = models.DateField(_("needed by"))
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    total_net = MoneyField(_("net total"), default=Decimal("0"))
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    objects = PurchaseOrderQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["supplier", "sales_order", "buyer"]
    )

    class Meta:
        ordering = ["-ordered_at", "-id"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        indexes = [
            models.Index(fields=["supplier", "-ordered_at"], name="po_supplier"),
            models.Index(fields=["status", "needed_by"], name="po_status_needed"),
            # a supplier's figures on its party page read these alone, whatever its history:
            # its open purchase orders, and its latest receipts with the dates they were due
            models.Index(
                fields=["supplier", "status"],
                include=["promised_date", "needed_by", "total_net", "id"],
                name="po_supplier_status",
            ),
            models.Index(
                F("supplier"),
                F("received_at").desc(),
                include=["promised_date", "needed_by"],
                condition=models.Q(status="received"),
                name="po_supplier_received",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, verbose_name=_("purchase order"), on_delete=models.CASCADE, related_name="lines"
    )
    line_no = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="purchase_order_lines"
    )
    sales_order_line = models.ForeignKey(
        SalesOrderLine,
        verbose_name=_("for order line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_order_lines",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = MoneyField(_("unit price"), default=Decimal("0"))
    received_quantity = models.DecimalField(
        _("received quantity"), default=Decimal("0"), max_digits=14, decimal_places=3
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["purchase_order_id", "line_no"]
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        constraints = [
            models.UniqueConstraint(fields=["purchase_order", "line_no"], name="poline_unique_no"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="poline_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="poline_price_not_negative"),
            models.CheckConstraint(
                condition=models.Q(received_quantity__gte=0), name="poline_received_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order_id}/{self.line_no}"


class SupplierPromise(models.Model):
    """A supplier's answer to a purchase order. A confirmed or proposed date is a promise; when
    the goods arrive (or the supplier moves the date) the promise is marked kept or broken."""

    purchase_order = models.ForeignKey(
        PurchaseOrder, verbose_name=_("purchase order"), on_delete=models.CASCADE, related_name="promises"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=SupplierAnswer.choices)
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=EventSource.choices, default=EventSource.STAFF
    )
    kept = models.BooleanField(_("kept"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["purchase_order_id", "answered_at", "id"]
        verbose_name = _("supplier promise")
        verbose_name_plural = _("supplier promises")
        indexes = [models.Index(fields=["purchase_order", "kept"], name="promise_po_kept")]

    def __str__(self) -> str:
        return f"{self.purchase_order_id}: {self.answer} {self.promised_date or ''}"
