"""Who gets a new case: assignment rules, the agents' profiles (skills, capacity), their duty
schedules and absences, the round-robin cursors and the log of what each rule assigned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catena.accounts.models import Department
from catena.catalog.models import Category
from catena.core.access import GatedQuerySet
from catena.parties.choices import PartyTier
from catena.parties.regions import PROVINCES
from catena.service.choices import AssignmentMethod, CaseType, Weekday
from catena.service.models.cases import Case


class AssignmentRule(models.Model):
    """A rule saying who gets a new case: its criteria (every one set must match the case) and its
    target (a team's agents, picked round-robin or least loaded, or one named colleague). Active
    rules are tried by ``priority``, the lowest number first; the first that matches and finds an
    owner decides."""

    name = models.CharField(_("name"), max_length=100)
    priority = models.PositiveIntegerField(_("priority"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    case_type = models.CharField(_("case type"), max_length=20, blank=True, choices=CaseType.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("product line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.CharField(_("region"), max_length=20, blank=True, choices=PROVINCES)
    tier = models.CharField(_("customer tier"), max_length=20, blank=True, choices=PartyTier.choices)
    skill = models.CharField(_("required skill"), max_length=40, blank=True)
    to_account_manager = models.BooleanField(
        _("customer's account manager first"),
        default=False,
        help_text=_("Give the case to the customer's account manager when they may own it and are on duty."),
    )
    team = models.ForeignKey(
        Department, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named colleague"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(
        _("method"), max_length=20, choices=AssignmentMethod.choices, default=AssignmentMethod.ROUND_ROBIN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(user__isnull=False), name="assignment_rule_has_target"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgentProfile(models.Model):
    """What assignment knows of an agent: skill codes (languages, product lines…), how many active
    cases they carry at most (empty: no limit), and whether they take new cases at all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="agent_profile",
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    max_open_cases = models.PositiveIntegerField(_("most active cases"), null=True, blank=True)
    is_available = models.BooleanField(_("takes new cases"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")

    def __str__(self) -> str:
        return str(self.user)


class DutySchedule(models.Model):
    """One weekly duty shift of an agent, in the working calendar's time zone
    (``CATENA_SLA_TIME_ZONE``): on ``weekday`` from ``starts_at`` to ``ends_at`` (same day)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="duty_shifts",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["user_id", "weekday", "starts_at"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="duty_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class AgentAbsence(models.Model):
    """Days an agent is away (leave, training): off duty whatever the schedule says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="absences"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["user_id", "starts_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on}–{self.ends_on}"


class AssignmentCursor(models.Model):
    """Where a rule's round-robin stands: the agent who got its last case. Locked FOR UPDATE while
    a case is assigned, so cases opened at once take turns."""

    rule = models.OneToOneField(
        AssignmentRule, verbose_name=_("assignment rule"), on_delete=models.CASCADE, primary_key=True
    )
    last_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last assigned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["rule_id"]
        verbose_name = _("round-robin cursor")
        verbose_name_plural = _("round-robin cursors")

    def __str__(self) -> str:
        return f"{self.rule_id} → {self.last_user_id}"


class AssignmentLog(models.Model):
    """Which rule gave a case to whom when it was opened (``rule`` empty: the fallback chain)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(
        AssignmentRule,
        verbose_name=_("assignment rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("assigned at"))

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["user", "at"], name="assignment_log_user_at")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.user_id}"
