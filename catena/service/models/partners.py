"""Partner tasks: when a case's cause lies with a carrier, a supplier or a manufacturer, the case
asks that partner to answer, with a clock of its own. The customer sees none of it: one case,
one owner."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.parties.models import Party
from catena.service.choices import (
    ACTIVE_TASK_STATUSES,
    PartnerOutcome,
    PartnerRole,
    PartnerStance,
    PartnerTaskStatus,
)
from catena.service.models.cases import Case


class PartnerTaskQuerySet(GatedQuerySet["PartnerTask"]):
    def active(self) -> PartnerTaskQuerySet:
        return self.filter(status__in=ACTIVE_TASK_STATUSES)


class PartnerTask(TimeStampedModel):
    """What we ask one partner about one case: the request, the partner's answer and stance on
    responsibility, its evidence (attachments), and the outcome the agent records.

    ``response_minutes`` is the partner's response target in business minutes, taken from its
    contract's response time when the task is opened; the task's SLA clock runs on it.
    """

    number = models.CharField(_("task number"), max_length=20)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="partner_tasks"
    )
    partner = models.ForeignKey(
        Party, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="partner_tasks"
    )
    partner_role = models.CharField(_("partner's role"), max_length=20, choices=PartnerRole.choices)
    shipment = models.ForeignKey(
        Shipment,
        verbose_name=_("shipment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purchase_order = models.ForeignKey(
        PurchaseOrder,
        verbose_name=_("purchase order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request = models.TextField(_("what we ask"))
    status = models.CharField(
        _("status"), max_length=20, choices=PartnerTaskStatus.choices, default=PartnerTaskStatus.OPEN
    )
    response_minutes = models.PositiveIntegerField(_("response target (business minutes)"))
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    stance = models.CharField(_("partner's stance"), max_length=20, choices=PartnerStance.choices, blank=True)
    answer = models.TextField(_("partner's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=PartnerOutcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PartnerTaskQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=["case", "partner", "shipment", "purchase_order", "product", "answered_by", "created_by"],
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner task")
        verbose_name_plural = _("partner tasks")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="partnertask_number_unique"),
            models.UniqueConstraint(
                fields=["case", "partner"],
                condition=Q(status__in=sorted(ACTIVE_TASK_STATUSES)),
                name="partnertask_one_active_per_partner",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status", "due_at"], name="partnertask_partner_queue"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_TASK_STATUSES
