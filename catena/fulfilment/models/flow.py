"""Flow templates and their steps, and the stages each order copies from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.accounts.models import Department
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.fulfilment.choices import StageState, StepTrigger
from catena.sales.choices import OrderType
from catena.sales.models import SalesOrder


class FlowTemplate(TimeStampedModel):
    """The stages an order of one type goes through. Administrators edit templates; an order
    copies its template's steps when it is received, so later edits do not rewrite running orders."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order_type = models.CharField(_("order type"), max_length=20, choices=OrderType.choices)
    is_default = models.BooleanField(
        _("default for its order type"), default=False, help_text=_("New orders of this type follow it.")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["order_type", "name"]
        verbose_name = _("flow template")
        verbose_name_plural = _("flow templates")
        constraints = [
            models.UniqueConstraint(
                fields=["order_type"], condition=models.Q(is_default=True), name="flowtemplate_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FlowStep(models.Model):
    """One stage of a template: who owns it, how long it normally takes, what completes it.

    From a stage an order may move to the next stage, or past the following stages that are
    ``optional``; managers may also move it back one stage to correct a mistake."""

    template = models.ForeignKey(
        FlowTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="steps"
    )
    sequence = models.PositiveIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    customer_label = models.CharField(
        _("what the customer reads"),
        max_length=200,
        blank=True,
        help_text=_("The order's status in plain words on the customer portal."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("owning department"), on_delete=models.PROTECT, related_name="+"
    )
    standard_hours = models.PositiveIntegerField(_("standard time (hours)"), default=24)
    optional = models.BooleanField(_("may be skipped"), default=False)
    trigger = models.CharField(
        _("completed by"), max_length=30, choices=StepTrigger.choices, default=StepTrigger.MANUAL
    )

    history = HistoricalRecords()

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["template_id", "sequence"]
        verbose_name = _("flow step")
        verbose_name_plural = _("flow steps")
        constraints = [
            models.UniqueConstraint(fields=["template", "sequence"], name="flowstep_unique_sequence"),
            models.UniqueConstraint(fields=["template", "code"], name="flowstep_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class OrderStageQuerySet(GatedQuerySet["OrderStage"]):
    def late(self, now: object | None = None) -> OrderStageQuerySet:
        """Active stages past their due time."""
        return self.filter(state=StageState.ACTIVE, due_at__lt=now or timezone.now())


class OrderStage(models.Model):
    """One stage of one order: its owning department and owner, when it is due and when it
    actually started and finished. Copied from the flow step when the order is received."""

    # order, code and department have no index of their own: the composite indexes below lead
    # with them. Every move rewrites two or three stage rows (their state is indexed, so the
    # update is not HOT) and each index less is one write less per row (ADR 0007).
    order = models.ForeignKey(
        SalesOrder,
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="stages",
        db_index=False,
    )
    step = models.ForeignKey(FlowStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40, db_index=False)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_stages",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=StageState.choices, default=StageState.PENDING
    )
    standard_hours = models.PositiveIntegerField(_("standard time (hours)"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("finished"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finished by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # A manager moved the order past this stage although its fact was missing: who, when and why.
    override_reason = models.CharField(_("override reason"), max_length=300, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    objects = OrderStageQuerySet.as_manager()

    class Meta:
        ordering = ["order_id", "sequence"]
        verbose_name = _("order stage")
        verbose_name_plural = _("order stages")
        constraints = [
            models.UniqueConstraint(fields=["order", "sequence"], name="orderstage_unique_sequence"),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="orderstage_state_due"),
            models.Index(fields=["code", "completed_at"], name="orderstage_code_done"),
            models.Index(fields=["department", "state"], name="orderstage_department"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.name}"

    @property
    def is_late(self) -> bool:
        if self.due_at is None:
            return False
        end = self.completed_at or (timezone.now() if self.state == StageState.ACTIVE else None)
        return end is not None and end > self.due_at

    @property
    def hours_taken(self) -> float | None:
        if self.started_at is None or self.completed_at is None:
            return None
        return (self.completed_at - self.started_at).total_seconds() / 3600
