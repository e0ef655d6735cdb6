"""Returns and refunds: the versioned policy a return is judged under, the return authorisation
(RMA) with its lines, and the refunds proposed, approved and paid against it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.accounts.choices import Role
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField
from catena.parties.models import Party
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.service.choices import (
    ApprovalDecision,
    Disposition,
    RefundMethod,
    RefundStatus,
    ReturnCondition,
    ReturnStatus,
)
from catena.service.models.cases import Case

APPROVER_ROLES = [
    (Role.MANAGER.value, Role.MANAGER.label),
    (Role.ADMINISTRATOR.value, Role.ADMINISTRATOR.label),
]


class ReturnPolicyQuerySet(GatedQuerySet["ReturnPolicy"]):
    def active(self) -> ReturnPolicyQuerySet:
        return self.filter(is_active=True)


class ReturnPolicy(models.Model):
    """The rules a return is judged under: how long after delivery goods come back, in what
    condition, the restocking fee, the refund amount above which a manager approves, and how the
    customer is refunded. A policy is never edited once used: publishing a change writes a new
    version and retires the old one, and each RMA keeps the version it was judged under."""

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"))
    return_window_days = models.PositiveIntegerField(_("return window (days)"), default=30)
    condition = models.TextField(_("condition of the goods"), blank=True)
    restocking_fee_percent = models.DecimalField(
        _("restocking fee %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    approval_threshold = MoneyField(_("approval above"), default=Decimal("0"))
    currency = CurrencyField(_("currency"))
    approver_role = models.CharField(
        _("approved by"), max_length=20, choices=APPROVER_ROLES, default=Role.MANAGER.value
    )
    refund_method = models.CharField(
        _("refund method"), max_length=20, choices=RefundMethod.choices, default=RefundMethod.ORIGINAL_PAYMENT
    )
    is_active = models.BooleanField(_("active"), default=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReturnPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("return policy")
        verbose_name_plural = _("return policies")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="returnpolicy_version_unique"),
            models.CheckConstraint(
                condition=Q(restocking_fee_percent__gte=0, restocking_fee_percent__lte=100),
                name="returnpolicy_fee_range",
            ),
            models.CheckConstraint(condition=Q(approval_threshold__gte=0), name="returnpolicy_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ReturnAuthorizationQuerySet(GatedQuerySet["ReturnAuthorization"]):
    pass


class ReturnAuthorization(TimeStampedModel):
    """A return merchandise authorisation (RMA): the customer's goods of one order coming back,
    under a return request case. It moves requested → authorised (or rejected) → in transit →
    received → inspected → closed, and records the policy version it was judged under."""

    number = models.CharField(_("RMA number"), max_length=20)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="returns")
    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="returns"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    policy = models.ForeignKey(
        ReturnPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="returns"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED
    )
    reason = models.TextField(_("reason"))
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    carrier = models.ForeignKey(
        Party,
        verbose_name=_("carrier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    shipped_at = models.DateTimeField(_("shipped back"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReturnAuthorizationQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=["case", "order", "party", "policy", "decided_by", "carrier", "created_by", "created_at"],
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return authorisation")
        verbose_name_plural = _("return authorisations")
        constraints = [models.UniqueConstraint(fields=["number"], name="rma_number_unique")]
        indexes = [
            models.Index(fields=["party", "-created_at"], name="rma_party"),
            models.Index(fields=["status", "-created_at"], name="rma_status"),
        ]

    def __str__(self) -> str:
        return self.number


class ReturnLine(models.Model):
    """One order line's goods on an RMA: how many, in what condition, and after inspection what
    happens to them (restock, repair, scrap, return to the supplier)."""

    rma = models.ForeignKey(
        ReturnAuthorization, verbose_name=_("RMA"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        SalesOrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="return_lines"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    condition = models.CharField(_("condition"), max_length=20, choices=ReturnCondition.choices)
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices, blank=True)
    inspection_note = models.TextField(_("inspection note"), blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["rma_id", "id"]
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="returnline_quantity_positive"),
            models.UniqueConstraint(fields=["rma", "order_line"], name="returnline_one_per_order_line"),
        ]

    def __str__(self) -> str:
        return f"{self.rma_id}: {self.order_line_id} × {self.quantity}"


class Refund(TimeStampedModel):
    """Money given back on an RMA: proposed, approved (by a manager above the policy's threshold),
    then paid or credited; or rejected. The refunds of an RMA never exceed the returned lines'
    value less the restocking fee, and those of an order never exceed its net total."""

    rma = models.ForeignKey(
        ReturnAuthorization, verbose_name=_("RMA"), on_delete=models.PROTECT, related_name="refunds"
    )
    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = MoneyField(_("amount"))
    currency = CurrencyField(_("currency"))
    method = models.CharField(_("method"), max_length=20, choices=RefundMethod.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.PROPOSED
    )
    note = models.TextField(_("note"), blank=True)
    credit_note_number = models.CharField(_("credit note"), max_length=20, null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settled_at = models.DateTimeField(_("paid or credited at"), null=True, blank=True)

    objects = GatedQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["rma", "order", "proposed_by", "created_at"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.UniqueConstraint(fields=["credit_note_number"], name="refund_credit_note_unique"),
        ]
        indexes = [models.Index(fields=["order", "status"], name="refund_order_status")]

    def __str__(self) -> str:
        return f"{self.rma_id}: {self.amount} {self.currency}"


class RefundApproval(models.Model):
    """One approver's decision on a refund, kept as the record of who allowed the money out."""

    refund = models.ForeignKey(
        Refund, verbose_name=_("refund"), on_delete=models.CASCADE, related_name="approvals"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ApprovalDecision.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["refund_id", "at", "id"]
        verbose_name = _("refund approval")
        verbose_name_plural = _("refund approvals")

    def __str__(self) -> str:
        return f"{self.refund_id}: {self.decision}"
