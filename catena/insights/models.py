"""The analytics engine's stored results: flow figures written as one snapshot per computation.

Pages, the API and (later) the partner scorecards read these rows instead of recomputing the
figures from millions of stage rows on every request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.insights.choices import RUNNING_STATUSES, FlowDimension, RunStatus
from catena.parties.models import Party


class FlowMetricRun(models.Model):
    """One computation of the order-flow figures: who asked, when it ran, how long it took and how
    many records it measured. Its figures are its :class:`FlowMetric` rows; the newest finished
    run is the one shown. Only the last few runs are kept."""

    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=0)
    engine = models.CharField(
        _("database"), max_length=20, blank=True, help_text=_("Where the percentiles were computed.")
    )
    orders_measured = models.PositiveIntegerField(_("delivered orders measured"), default=0)
    stages_measured = models.PositiveIntegerField(_("finished stages measured"), default=0)
    purchase_orders_measured = models.PositiveIntegerField(_("received purchase orders measured"), default=0)
    shipments_measured = models.PositiveIntegerField(_("delivered shipments measured"), default=0)
    metric_count = models.PositiveIntegerField(_("figures written"), default=0)
    message = models.TextField(_("message"), blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("flow figures run")
        verbose_name_plural = _("flow figures runs")
        indexes = [models.Index(fields=["status", "-finished_at"], name="flowrun_status_finished")]
        constraints = [
            # One run waiting or computing at a time: every such row has the same (constant) key.
            models.UniqueConstraint(
                models.Value(True),
                condition=models.Q(status__in=sorted(RUNNING_STATUSES)),
                name="flowrun_one_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.get_status_display()}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def progress_percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class FlowMetric(models.Model):
    """One row of flow figures of one run: how long the records of one group took (median, 90th
    percentile, mean, in hours) and how reliably they met their dates.

    ``count`` is how many durations were measured; each rate has its own base (the records that
    had a date to meet), and is empty when that base is zero.
    """

    run = models.ForeignKey(
        FlowMetricRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="metrics"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=FlowDimension.choices)
    key = models.CharField(
        _("key"), max_length=60, help_text=_("Stage or department code, party id, order type or ISO week.")
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The supplier or carrier the row is about."),
    )
    week_start = models.DateField(_("week starting"), null=True, blank=True)
    count = models.PositiveIntegerField(_("measured"), default=0)
    median_hours = models.FloatField(_("median (hours)"), null=True, blank=True)
    p90_hours = models.FloatField(_("90th percentile (hours)"), null=True, blank=True)
    avg_hours = models.FloatField(_("mean (hours)"), null=True, blank=True)
    on_time_rate = models.FloatField(_("on-time rate"), null=True, blank=True)
    on_time_base = models.PositiveIntegerField(_("records with a due date"), default=0)
    promise_kept_rate = models.FloatField(_("promise-kept rate"), null=True, blank=True)
    promises_resolved = models.PositiveIntegerField(_("promises resolved"), default=0)
    pickup_on_time_rate = models.FloatField(_("pick-up on-time rate"), null=True, blank=True)
    pickup_base = models.PositiveIntegerField(_("pick-ups with a promised time"), default=0)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["run_id", "dimension", "key"]
        verbose_name = _("flow figure")
        verbose_name_plural = _("flow figures")
        constraints = [
            models.UniqueConstraint(fields=["run", "dimension", "key"], name="flowmetric_unique_key"),
        ]
        indexes = [
            models.Index(fields=["dimension", "key"], name="flowmetric_dimension_key"),
            models.Index(fields=["party", "dimension"], name="flowmetric_party"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.key}"
