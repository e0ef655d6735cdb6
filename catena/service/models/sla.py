"""SLA policies: how fast a case must be answered and resolved, in business minutes of the working
calendar (``catena.service.sla``), by case type, priority and customer tier; and SLA clocks, one
target running for one record (a case, later a partner task) with its pauses, warning and breach."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.parties.choices import PartyTier
from catena.service.sla.clock import (
    Pause,
    add_business_minutes,
    add_business_seconds,
    business_seconds_between,
)

#: Longest target: sixty working days of eight hours.
MAX_TARGET_MINUTES = 60 * 8 * 60
#: Escalation levels: 0 nobody beyond the owner, 1 breached (the team's lead hears), 2 the overrun
#: reached half the target again (the managers hear).
MAX_LEVEL = 2


class SlaTarget(models.TextChoices):
    """The three clocks a case runs."""

    FIRST_RESPONSE = "first_response", _("First response")  # from opening to the first reply
    NEXT_RESPONSE = "next_response", _("Next response")  # from a customer's message to our reply
    RESOLUTION = "resolution", _("Resolution")  # from opening to resolved


class SlaPolicyQuerySet(GatedQuerySet["SlaPolicy"]):
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


class SlaClockState(models.TextChoices):
    """Where a clock stands at a moment (computed, not stored)."""

    RUNNING = "running", pgettext_lazy("SLA clock", "Running")  # counting, warning not reached
    PAUSED = "paused", pgettext_lazy("SLA clock", "Paused")  # waiting on the customer
    WARNED = "warned", pgettext_lazy("SLA clock", "Due soon")  # the warning threshold has run
    BREACHED = "breached", pgettext_lazy("SLA clock", "Breached")  # due and not met
    MET = "met", pgettext_lazy("SLA clock", "Met")  # stopped in time
    MISSED = "missed", pgettext_lazy("SLA clock", "Met late")  # stopped after it was due


class SlaClockQuerySet(GatedQuerySet["SlaClock"]):
    def open(self) -> SlaClockQuerySet:
        return self.filter(stopped_at__isnull=True)

    def for_record(self, record: models.Model) -> SlaClockQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)

    def due_for_sweep(self, now: datetime) -> SlaClockQuerySet:
        """Open clocks whose warning or due time has come and is not recorded yet."""
        return self.open().filter(
            Q(warn_at__lte=now, warned_at__isnull=True)
            | Q(due_at__lte=now, breached_at__isnull=True)
            | Q(escalate_at__lte=now, level__lt=MAX_LEVEL)
        )


class SlaClock(models.Model):
    """One SLA target running for one record. The target is copied from the policy when the clock
    starts, so a later change of policy does not move a promise already made; the pauses (waiting
    on the customer) are kept, so due and warning times are exact whenever they were paused."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("target"), max_length=20, choices=SlaTarget.choices)
    policy = models.ForeignKey(
        SlaPolicy,
        verbose_name=_("SLA policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_minutes = models.PositiveIntegerField(_("target (business minutes)"))
    warning_percent = models.PositiveSmallIntegerField(_("warning threshold (percent)"), default=80)
    started_at = models.DateTimeField(_("started at"))
    # [[start, end or null], …] in ISO 8601; the last may still be going on (paused_since)
    pauses = models.JSONField(_("pauses"), default=list, blank=True)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    # None while a pause that began before the time holds the clock
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    # After the breach, when the overrun reaches half the target again: the level rises to the
    # managers (``services.clocks.sweep``).
    escalate_at = models.DateTimeField(_("escalate at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    # Business minutes the clock ran, pauses left out, kept when it stops: what the service
    # analytics take medians and percentiles of.
    used_minutes = models.PositiveIntegerField(_("business minutes used"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SlaClockQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"], no_db_index=["content_type", "policy"])

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="slaclock_record"),
            models.Index(fields=["due_at"], condition=Q(stopped_at__isnull=True), name="slaclock_open_due"),
            models.Index(fields=["content_type", "kind", "stopped_at"], name="slaclock_stopped"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=Q(stopped_at__isnull=True),
                name="slaclock_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(stopped_at__isnull=True) | Q(stopped_at__gte=models.F("started_at")),
                name="slaclock_stops_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.content_type_id}#{self.object_id}"

    @classmethod
    def new_for(cls, record: models.Model, kind: str, policy: SlaPolicy, *, started_at: datetime) -> SlaClock:
        """An unsaved clock for ``record`` with the policy's target, due and warning times."""
        clock = cls(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            kind=SlaTarget(kind),
            policy=policy,
            target_minutes=policy.target_minutes(kind),
            warning_percent=policy.warning_percent,
            started_at=started_at,
        )
        clock.schedule()
        return clock

    # --- arithmetic on the row; the caller (a service) saves it and emits the events ----------

    def pause_intervals(self) -> list[Pause]:
        return [
            (datetime.fromisoformat(start), None if end is None else datetime.fromisoformat(end))
            for start, end in self.pauses
        ]

    def schedule(self) -> None:
        """Set the due and warning times from the start, the target and the pauses."""
        target = self.target_minutes * 60
        pauses = self.pause_intervals()
        self.due_at = add_business_seconds(self.started_at, target, pauses=pauses)
        self.warn_at = add_business_seconds(
            self.started_at, target * self.warning_percent // 100, pauses=pauses
        )

    def pause(self, at: datetime) -> None:
        """The record waits on the customer from ``at``: the clock stops counting."""
        if self.paused_since is None and self.stopped_at is None:
            self.pauses = [*self.pauses, [at.isoformat(), None]]
            self.paused_since = at
            self.schedule()

    def resume(self, at: datetime) -> None:
        if self.paused_since is None:
            return
        self.pauses = [*self.pauses[:-1], [self.pauses[-1][0], max(at, self.paused_since).isoformat()]]
        self.paused_since = None
        self.schedule()

    def stop(self, at: datetime) -> None:
        """The target is met (the reply went out, the case is resolved), in time or late."""
        self.resume(at)
        self.stopped_at = at
        self.used_minutes = self.elapsed_seconds(at) // 60

    def elapsed_seconds(self, now: datetime) -> int:
        """Running business seconds from the start to ``now`` (or to the stop)."""
        return business_seconds_between(
            self.started_at, self.stopped_at or now, pauses=self.pause_intervals()
        )

    def state(self, now: datetime) -> SlaClockState:
        if self.stopped_at is not None:
            late = self.breached_at is not None or (self.due_at is not None and self.stopped_at > self.due_at)
            return SlaClockState.MISSED if late else SlaClockState.MET
        if self.breached_at is not None or (self.due_at is not None and now >= self.due_at):
            return SlaClockState.BREACHED
        if self.paused_since is not None:
            return SlaClockState.PAUSED
        if self.warn_at is not None and now >= self.warn_at:
            return SlaClockState.WARNED
        return SlaClockState.RUNNING
