"""SLA policies: how fast a case must be answered and resolved, in business minutes of the working
calendar (``catena.service.sla``), by case type, priority and customer tier."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catena.parties.choices import PartyTier
from catena.service.sla.clock import Pause, add_business_minutes, add_business_seconds

#: Longest target: sixty working days of eight hours.
MAX_TARGET_MINUTES = 60 * 8 * 60


class SlaTarget(models.TextChoices):
    """The three clocks a case runs."""

    FIRST_RESPONSE = "first_response", _("First response")  # from opening to the first reply
    NEXT_RESPONSE = "next_response", _("Next response")  # from a customer's message to our reply
    RESOLUTION = "resolution", _("Resolution")  # from opening to resolved


class SlaPolicyQuerySet(models.QuerySet["SlaPolicy"]):
    def active(self) -> SlaPolicyQuerySet:
        return self.filter(is_active=True)

    def matching(self, case_type: str, priority: str, tier: str) -> SlaPolicyQuerySet:
        """Active policies that apply to a case of this type and priority for a customer of this
        tier: each criterion equal, or empty for any."""
        return self.active().filter(
            Q(case_type="") | Q(case_type=case_type),
            Q(priority="") | Q(priority=priority),
            Q(tier="") | Q(tier=tier),
        )


class SlaPolicy(models.Model):
    """The targets for one kind of case: first response, next response and resolution, in business
    minutes. An empty case type, priority or tier means any; the most specific policy applies."""

    name = models.CharField(_("name"), max_length=200)
    # Codes of the case's own choices (type, priority); kept as text so policies need no migration
    # when a choice is added.
    case_type = models.CharField(_("case type"), max_length=32, blank=True, help_text=_("Empty: any type."))
    priority = models.CharField(_("priority"), max_length=16, blank=True, help_text=_("Empty: any priority."))
    tier = models.CharField(
        _("customer tier"),
        max_length=20,
        choices=PartyTier.choices,
        blank=True,
        help_text=_("Empty: any tier."),
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_MINUTES)],
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_MINUTES)],
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_MINUTES)],
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warning threshold (percent)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The owner is warned when this share of a target has run."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SlaPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["case_type", "priority", "tier", "name", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "priority", "tier"],
                condition=Q(is_active=True),
                name="service_slapolicy_one_active_per_scope",
                violation_error_message=_(
                    "An active SLA policy for this type, priority and tier exists already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(warning_percent__gte=1, warning_percent__lte=99),
                name="service_slapolicy_warning_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        first, resolution = self.first_response_minutes, self.resolution_minutes
        if first is not None and resolution is not None and first > resolution:
            raise ValidationError(
                {"first_response_minutes": _("The first response cannot be due after the resolution.")}
            )

    @property
    def specificity(self) -> int:
        """Type weighs most, then priority, then tier: a policy for urgent complaints beats one
        for urgent cases, which beats one for strategic customers."""
        return 4 * bool(self.case_type) + 2 * bool(self.priority) + bool(self.tier)

    def target_minutes(self, target: str) -> int:
        return {
            SlaTarget.FIRST_RESPONSE: self.first_response_minutes,
            SlaTarget.NEXT_RESPONSE: self.next_response_minutes,
            SlaTarget.RESOLUTION: self.resolution_minutes,
        }[SlaTarget(target)]

    def due_at(self, target: str, started_at: datetime, *, pauses: Sequence[Pause] = ()) -> datetime | None:
        """When ``target`` is due for a clock started at ``started_at`` (None while paused for good)."""
        return add_business_minutes(started_at, self.target_minutes(target), pauses=pauses)

    def warn_at(self, target: str, started_at: datetime, *, pauses: Sequence[Pause] = ()) -> datetime | None:
        """When the owner is warned: ``warning_percent`` of the target has run."""
        seconds = self.target_minutes(target) * 60 * self.warning_percent // 100
        return add_business_seconds(started_at, seconds, pauses=pauses)


def policy_for(case_type: str, priority: str, tier: str) -> SlaPolicy | None:
    """The most specific active policy for a case of this type and priority from a customer of
    this tier, or None if no policy applies (not even a catch-all one)."""
    candidates = list(SlaPolicy.objects.matching(case_type, priority, tier or ""))
    if not candidates:
        return None
    return max(candidates, key=lambda policy: (policy.specificity, -policy.pk))
