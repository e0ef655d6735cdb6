"""Sales orders, their lines and the invoices issued for them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField, quantize
from catena.parties.models import Address, Party
from catena.sales.choices import (
    ACTIVE_STATUSES,
    STATUS_TRANSITIONS,
    LineFulfilment,
    OrderStatus,
    OrderType,
    PaymentTerms,
)


class SalesOrderQuerySet(GatedQuerySet["SalesOrder"]):
    def active(self) -> SalesOrderQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def for_customer(self, party_id: int) -> SalesOrderQuerySet:
        return self.filter(customer_id=party_id)


class SalesOrder(TimeStampedModel):
    """A customer's order. Its ``stage`` is the stage of its flow it is in (kept by fulfilment);
    its ``status`` says whether it is moving, held, back-ordered, partly shipped, cancelled or done.

    ``version`` grows by one on every stage or status change, so two people acting on the same
    order cannot overwrite each other's move (the service compares it under a row lock).
    """

    # Unique through Meta.constraints (no pattern index: numbers are looked up whole). customer
    # and owner have no index of their own: salesorder_customer / salesorder_owner lead with them.
    # A move rewrites the order row with an indexed column changed, so every index costs a write.
    number = models.CharField(_("order number"), max_length=30)
    customer = models.ForeignKey(
        Party,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="sales_orders",
        db_index=False,
    )
    order_type = models.CharField(
        _("order type"), max_length=20, choices=OrderType.choices, default=OrderType.MAKE_TO_STOCK
    )
    customer_reference = models.CharField(_("customer's reference"), max_length=60, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.SET_NULL,
        related_name="sales_orders",
    )
    ordered_at = models.DateTimeField(_("ordered at"))
    requested_date = models.DateField(_("requested delivery date"), null=True, blank=True)
    promised_date = models.DateField(_("promised delivery date"), null=True, blank=True)
    ship_to = models.ForeignKey(
        Address,
        verbose_name=_("ship-to address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payment_terms = models.CharField(
        _("payment terms"), max_length=20, choices=PaymentTerms.choices, default=PaymentTerms.NET_30
    )
    currency = CurrencyField(_("currency"))
    total_net = MoneyField(_("net total"), default=Decimal("0"))
    total_tax = MoneyField(_("tax"), default=Decimal("0"))
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    stage_entered_at = models.DateTimeField(_("in stage since"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    objects = SalesOrderQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["owner", "ship_to", "customer", "number", "created_at"]
    )

    class Meta:
        ordering = ["-ordered_at", "-id"]
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        constraints = [models.UniqueConstraint(fields=["number"], name="salesorder_number_unique")]
        indexes = [
            models.Index(fields=["customer", "-ordered_at"], name="salesorder_customer"),
            models.Index(fields=["status", "stage"], name="salesorder_status_stage"),
            models.Index(fields=["owner", "-ordered_at"], name="salesorder_owner"),
            models.Index(fields=["-ordered_at", "-id"], name="salesorder_recent"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total_gross(self) -> Decimal:
        return quantize(self.total_net + self.total_tax)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def can_change_status_to(self, status: str) -> bool:
        return status in STATUS_TRANSITIONS.get(self.status, frozenset())


class PricedLine(models.Model):
    """What an order line and a quote line share: a quantity at a unit price, less a discount,
    plus a tax rate (VAT 13 % by default), and the amounts that follow from them."""

    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("quantity"), validators=[MinValueValidator(Decimal("0.001"))], max_digits=14, decimal_places=3
    )
    unit_price = MoneyField(_("unit price"))
    discount_pct = models.DecimalField(
        _("discount %"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        max_digits=5,
        decimal_places=2,
    )
    tax_rate_pct = models.DecimalField(
        _("tax rate %"),
        default=Decimal("13"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        max_digits=5,
        decimal_places=2,
    )

    class Meta:
        abstract = True

    @property
    def net_amount(self) -> Decimal:
        return quantize(self.quantity * self.unit_price * (Decimal(100) - self.discount_pct) / Decimal(100))

    @property
    def tax_amount(self) -> Decimal:
        return quantize(self.net_amount * self.tax_rate_pct / Decimal(100))


class SalesOrderLine(PricedLine):
    """One product on an order: quantity, unit price, discount and tax rate (VAT 13 % by default)."""

    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    line_no = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="sales_order_lines"
    )
    fulfilment = models.CharField(
        _("fulfilment"), max_length=10, choices=LineFulfilment.choices, default=LineFulfilment.STOCK
    )
    shipped_quantity = models.DecimalField(
        _("shipped quantity"), default=Decimal("0"), max_digits=14, decimal_places=3
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["order_id", "line_no"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.UniqueConstraint(fields=["order", "line_no"], name="salesorderline_unique_no"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="salesorderline_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="salesorderline_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(discount_pct__gte=0, discount_pct__lte=100),
                name="salesorderline_discount_range",
            ),
            models.CheckConstraint(
                condition=models.Q(tax_rate_pct__gte=0, tax_rate_pct__lte=100),
                name="salesorderline_tax_range",
            ),
            models.CheckConstraint(
                condition=models.Q(shipped_quantity__gte=0), name="salesorderline_shipped_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["product"], name="salesorderline_product")]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.line_no}"

    @property
    def open_quantity(self) -> Decimal:
        return max(self.quantity - self.shipped_quantity, Decimal("0"))


class OrderInvoice(TimeStampedModel):
    """An invoice issued for a sales order: the fact behind its invoicing stage. The invoices of
    an order together cover at most its gross total; they complete the stage once they cover it."""

    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.CharField(_("invoice number"), max_length=40)
    issued_on = models.DateField(_("invoice date"))
    amount = MoneyField(_("amount"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["order_id", "issued_on", "id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [models.UniqueConstraint(fields=["number"], name="orderinvoice_number_unique")]

    def __str__(self) -> str:
        return self.number
