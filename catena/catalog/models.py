"""Products and their categories, units, standard cost and list price; price lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.choices import Unit
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField


class Category(models.Model):
    """A product category; categories nest one inside another."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name")]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    """A stock-keeping unit we buy, make or sell."""

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    unit = models.CharField(_("unit"), max_length=5, choices=Unit.choices, default=Unit.PIECE)
    gtin = models.CharField(_("GTIN"), max_length=14, null=True, blank=True, unique=True)
    currency = CurrencyField(_("currency"))
    standard_cost = MoneyField(_("standard cost"), null=True, blank=True)
    list_price = MoneyField(_("list price"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standard_cost__isnull=True) | models.Q(standard_cost__gte=0),
                name="product_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(list_price__isnull=True) | models.Q(list_price__gte=0),
                name="product_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class Component(models.Model):
    """One line of a product's bill of materials: ``quantity`` of ``component`` per unit made.

    Made-to-order lines turn into material needs through it, and those into purchase orders."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="components"
    )
    component = models.ForeignKey(
        Product, verbose_name=_("component"), on_delete=models.PROTECT, related_name="used_in"
    )
    quantity = models.DecimalField(_("quantity per unit"), max_digits=14, decimal_places=3)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["product_id", "component_id"]
        verbose_name = _("bill of materials line")
        verbose_name_plural = _("bill of materials lines")
        constraints = [
            models.UniqueConstraint(fields=["product", "component"], name="component_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="component_quantity_positive"),
            models.CheckConstraint(
                condition=~models.Q(product=models.F("component")), name="component_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} ← {self.quantity} × {self.component_id}"


class PriceListQuerySet(GatedQuerySet["PriceList"]):
    def valid_on(self, day: date) -> PriceListQuerySet:
        """Active lists whose validity covers ``day`` (an open end is valid for ever)."""
        return self.filter(is_active=True).filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )


class PriceList(TimeStampedModel):
    """Agreed prices for a group of customers (a distributor tier, a key account), in one currency,
    for a period. Customers are given a price list in their sales terms."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    currency = CurrencyField(_("currency"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PriceListQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="pricelist_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return (
            self.is_active
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or self.valid_until >= day)
        )


class PriceListItem(models.Model):
    """The unit price of one product on a price list from ``min_quantity`` on (quantity breaks:
    several rows for one product, the highest break the ordered quantity reaches applies)."""

    price_list = models.ForeignKey(
        PriceList, verbose_name=_("price list"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="price_list_items"
    )
    min_quantity = models.DecimalField(
        _("from quantity"), max_digits=14, decimal_places=3, default=Decimal("1")
    )
    unit_price = MoneyField(_("unit price"))

    history = HistoricalRecords(no_db_index=["product"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["price_list_id", "product_id", "min_quantity"]
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "min_quantity"], name="pricelistitem_unique_break"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="pricelistitem_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(min_quantity__gt=0), name="pricelistitem_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.price_list_id}/{self.product_id} ≥ {self.min_quantity}"
