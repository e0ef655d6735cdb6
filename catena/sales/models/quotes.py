"""Quotes and their lines: offers that become sales orders when accepted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField, quantize
from catena.parties.models import Party
from catena.sales.choices import (
    QUOTE_TRANSITIONS,
    PaymentTerms,
    PriceSource,
    QuoteStatus,
)
from catena.sales.models.orders import PricedLine, SalesOrder
from catena.sales.models.pipeline import Opportunity


class QuoteQuerySet(GatedQuerySet["Quote"]):
    def current(self) -> QuoteQuerySet:
        """The latest version of each quote (older versions are superseded)."""
        return self.exclude(status=QuoteStatus.SUPERSEDED)


class Quote(TimeStampedModel):
    """An offer to a customer: lines, prices, validity and terms. Revising a sent quote makes
    version n+1 under the same number and freezes version n. An accepted quote becomes an order."""

    number = models.CharField(_("quote number"), max_length=30)
    version = models.PositiveSmallIntegerField(_("revision"), default=1)
    customer = models.ForeignKey(
        Party, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="quotes"
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    valid_until = models.DateField(_("valid until"))
    currency = CurrencyField(_("currency"))
    payment_terms = models.CharField(
        _("payment terms"), max_length=20, choices=PaymentTerms.choices, default=PaymentTerms.NET_30
    )
    total_net = MoneyField(_("net total"), default=Decimal("0"))
    total_tax = MoneyField(_("tax"), default=Decimal("0"))
    terms = models.TextField(_("terms and conditions"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason rejected"), max_length=200, blank=True)
    order = models.ForeignKey(
        SalesOrder,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["owner", "customer", "opportunity", "order"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="quote_unique_version"),
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(order__isnull=False), name="quote_one_per_order"
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="quote_customer"),
            models.Index(fields=["status", "valid_until"], name="quote_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"

    @property
    def total_gross(self) -> Decimal:
        return quantize(self.total_net + self.total_tax)

    @property
    def is_editable(self) -> bool:
        return self.status == QuoteStatus.DRAFT

    @property
    def is_read_only(self) -> bool:
        return self.status != QuoteStatus.DRAFT

    def is_expired_on(self, day: date) -> bool:
        return self.valid_until < day

    def can_change_status_to(self, status: str) -> bool:
        return status in QUOTE_TRANSITIONS.get(self.status, frozenset())


class QuoteLine(PricedLine):
    """One product offered on a quote: quantity, unit price (from the customer's price list when
    not given), discount and tax rate."""

    quote = models.ForeignKey(Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="quote_lines"
    )
    price_source = models.CharField(
        _("price from"), max_length=20, choices=PriceSource.choices, default=PriceSource.MANUAL
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["quote_id", "line_no"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.UniqueConstraint(fields=["quote", "line_no"], name="quoteline_unique_no"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="quoteline_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="quoteline_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(discount_pct__gte=0, discount_pct__lte=100),
                name="quoteline_discount_range",
            ),
            models.CheckConstraint(
                condition=models.Q(tax_rate_pct__gte=0, tax_rate_pct__lte=100), name="quoteline_tax_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id}/{self.line_no}"
