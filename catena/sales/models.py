"""Sales orders and their lines. Leads, opportunities and quotes lead up to them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import PriceList, Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField, quantize
from catena.parties.models import Address, Party
from catena.sales.choices import (
    ACTIVE_STATUSES,
    DEFAULT_STEP_NAMES,
    LEAD_TRANSITIONS,
    QUOTE_TRANSITIONS,
    STATUS_TRANSITIONS,
    LeadSource,
    LeadStatus,
    LineFulfilment,
    OrderStatus,
    OrderType,
    PaymentTerms,
    PriceSource,
    QuoteStatus,
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


# --- the pipeline: leads, steps, opportunities, quotes, customer terms ----------------------------


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


class Lead(TimeStampedModel):
    """Somebody who might buy, not yet a party: a card from a trade show, a web-form enquiry.
    Qualification asks about budget, authority, need and timing (BANT); a converted lead becomes
    a prospect party with an opportunity."""

    company = models.CharField(_("company"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=LeadSource.choices, default=LeadSource.OTHER
    )
    status = models.CharField(_("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    estimated_amount = MoneyField(_("estimated amount"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    has_budget = models.BooleanField(_("has a budget"), default=False)
    has_authority = models.BooleanField(_("talking to who decides"), default=False)
    has_need = models.BooleanField(_("has a need we meet"), default=False)
    has_timing = models.BooleanField(_("buys within a known time"), default=False)
    qualification_notes = models.TextField(_("qualification notes"), blank=True)
    disqualified_reason = models.CharField(_("reason for disqualifying"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], no_db_index=["owner", "party"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="lead_status"),
            models.Index(fields=["owner", "status"], name="lead_owner"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(company="", contact_name=""), name="lead_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.company or self.contact_name

    @property
    def bant_score(self) -> int:
        """How many of budget, authority, need and timing are confirmed (0–4)."""
        return sum((self.has_budget, self.has_authority, self.has_need, self.has_timing))

    @property
    def is_open(self) -> bool:
        return self.status not in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED)

    def can_change_status_to(self, status: str) -> bool:
        return status in LEAD_TRANSITIONS.get(self.status, frozenset())


class PipelineStep(models.Model):
    """A step of the sales pipeline: a column of the opportunity board. Administrators and managers
    set the steps, their order and the probability an opportunity gets when it enters one; a won
    and a lost step end it. (Orders move through *stages* of their flow; the pipeline has steps.
    Screens still call them stages, as users do.)"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=0)
    default_probability = models.PositiveSmallIntegerField(
        _("default probability %"), validators=[MaxValueValidator(100)], default=0
    )
    is_won = models.BooleanField(_("won"), default=False)
    is_lost = models.BooleanField(_("lost"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = GatedQuerySet.as_manager()

    # The events about steps were published on this subject type before the rename; consumers
    # of the webhooks may filter on it.
    published_subject_type = "sales.pipelinestage"

    class Meta:
        ordering = ["sequence", "id"]
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_probability__lte=100), name="pipelinestep_probability_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(is_won=True, is_lost=True), name="pipelinestep_not_won_and_lost"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name, translated while it is still one of the names Catena started with."""
        if DEFAULT_STEP_NAMES.get(self.code) == self.name:
            return gettext(self.name)
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.is_won or self.is_lost


class OpportunityQuerySet(GatedQuerySet["Opportunity"]):
    def open(self) -> OpportunityQuerySet:
        return self.filter(step__is_won=False, step__is_lost=False)


class Opportunity(TimeStampedModel):
    """A deal we are working on with a party: how much, how likely, when it should close.

    ``version`` grows by one on every change, so two people moving the same card on the board
    cannot overwrite each other's move."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="opportunities"
    )
    name = models.CharField(_("name"), max_length=200)
    step = models.ForeignKey(
        PipelineStep, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="opportunities"
    )
    amount = MoneyField(_("amount"), default=Decimal("0"))
    currency = CurrencyField(_("currency"))
    probability = models.PositiveSmallIntegerField(
        _("probability %"), validators=[MaxValueValidator(100)], default=0
    )
    expected_close = models.DateField(_("expected close"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    lost_reason = models.CharField(_("reason lost"), max_length=200, blank=True)
    source_lead = models.ForeignKey(
        Lead,
        verbose_name=_("source lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    step_entered_at = models.DateTimeField(_("in stage since"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    objects = OpportunityQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["owner", "party", "step", "source_lead"]
    )

    class Meta:
        ordering = ["expected_close", "id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["step", "expected_close"], name="opportunity_step_close"),
            models.Index(fields=["owner", "expected_close"], name="opportunity_owner_close"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="opportunity_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(probability__lte=100), name="opportunity_probability_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weighted_amount(self) -> Decimal:
        return quantize(self.amount * self.probability / Decimal(100))

    @property
    def is_open(self) -> bool:
        return not self.step.is_closed


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
