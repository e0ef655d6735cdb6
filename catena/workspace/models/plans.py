"""Activity plans: a named sequence of activities that applying the plan to a record schedules
at once (a new distributor's welcome call, price list, visit, first-order follow-up, review)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.workspace.choices import ActivityKind, AssigneeRule

MAX_OFFSET_DAYS = 3650


class ActivityPlanQuerySet(GatedQuerySet["ActivityPlan"]):
    def active(self) -> ActivityPlanQuerySet:
        return self.filter(is_active=True)


class ActivityPlanStepQuerySet(GatedQuerySet["ActivityPlanStep"]):
    pass


class ActivityPlan(models.Model):
    """A template of activities for one kind of situation (onboarding a distributor, a quote's
    follow-ups). Applying it to a record schedules one activity per step, dated from a start day."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Labels of the kinds of record it applies to (``parties.party``…); empty for any kind.
    applies_to = models.JSONField(_("applies to"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityPlanQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")

    def __str__(self) -> str:
        return self.name

    def applies_to_label(self, label: str) -> bool:
        """Whether the plan may be applied to a record of kind ``label`` (``parties.party``)."""
        return not self.applies_to or label in self.applies_to


class ActivityPlanStep(models.Model):
    """One activity of a plan: what, due how many days after the start (at a time of day, or
    all day), and who is to do it."""

    plan = models.ForeignKey(
        ActivityPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.TODO)
    subject = models.CharField(_("subject"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    offset_days = models.PositiveSmallIntegerField(_("days after the start"), default=0)
    time_of_day = models.TimeField(_("time of day"), null=True, blank=True)  # none: all day
    assignee_rule = models.CharField(
        _("assigned to"), max_length=20, choices=AssigneeRule.choices, default=AssigneeRule.RECORD_OWNER
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActivityPlanStepQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("activity plan step")
        verbose_name_plural = _("activity plan steps")

    def __str__(self) -> str:
        return self.subject
