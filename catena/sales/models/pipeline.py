"""The pipeline before the quote: leads, the pipeline's steps (the columns of the opportunity board)
and opportunities."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField, quantize
from catena.parties.models import Party
from catena.sales.choices import (
    DEFAULT_STEP_NAMES,
    LEAD_TRANSITIONS,
    LeadSource,
    LeadStatus,
)


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
