"""What each customer was granted: price list, standard discount, payment terms."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import PriceList
from catena.core.access import GatedQuerySet
from catena.parties.models import Party
from catena.sales.choices import (
    PaymentTerms,
)


class CustomerTerms(models.Model):
    """What a customer was granted: its price list, a standard discount and payment terms.
    Quotes and orders price their lines with it when no price is given."""

    party = models.OneToOneField(
        Party, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="sales_terms"
    )
    price_list = models.ForeignKey(
        PriceList,
        verbose_name=_("price list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customer_terms",
    )
    discount_pct = models.DecimalField(
        _("standard discount %"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        max_digits=5,
        decimal_places=2,
    )
    payment_terms = models.CharField(
        _("payment terms"), max_length=20, choices=PaymentTerms.choices, default=PaymentTerms.NET_30
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], no_db_index=["party", "price_list"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["party_id"]
        verbose_name = _("customer terms")
        verbose_name_plural = _("customer terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discount_pct__gte=0, discount_pct__lte=100),
                name="customerterms_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.party_id)
