"""Cases (tickets) and the messages written on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.accounts.models import Department
from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.parties.models import Contact, Party
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.service.choices import (
    ACTIVE_STATUSES,
    CASE_TRANSITIONS,
    CaseChannel,
    CasePriority,
    CaseSeverity,
    CaseStatus,
    CaseType,
    MessageSender,
    MessageVisibility,
    RootCause,
)


class CaseQuerySet(GatedQuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def queue_order(self) -> CaseQuerySet:
        """The SLA's most pressing first (the clock due soonest; cases with no running clock
        after), then by priority, then the oldest."""
        return self.order_by(F("sla_due_at").asc(nulls_last=True), "priority_rank", "created_at", "id")


class Case(TimeStampedModel):
    """Something a customer asks or complains about: an inquiry, a complaint, a return request, a
    claim or a technical question. It has exactly one owner at every moment.

    ``version`` grows by one on every change, so two agents acting on the same case cannot
    overwrite each other (the services compare it under a row lock). A duplicate merged into
    another case keeps its own history and points to the survivor (``merged_into``).
    """

    number = models.CharField(_("case number"), max_length=20)
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    party = models.ForeignKey(
        Party, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    order = models.ForeignKey(
        SalesOrder,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    order_line = models.ForeignKey(
        SalesOrderLine,
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    shipment = models.ForeignKey(
        Shipment,
        verbose_name=_("shipment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    purchase_order = models.ForeignKey(
        PurchaseOrder,
        verbose_name=_("purchase order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=CasePriority.choices, default=CasePriority.NORMAL
    )
    # choices.PRIORITY_RANK of ``priority``, kept by the services: the queue sorts on it.
    priority_rank = models.PositiveSmallIntegerField(_("priority rank"), default=2, editable=False)
    severity = models.CharField(
        _("severity"), max_length=10, choices=CaseSeverity.choices, default=CaseSeverity.MODERATE
    )
    channel = models.CharField(_("channel"), max_length=10, choices=CaseChannel.choices)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    status_changed_at = models.DateTimeField(_("in status since"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
        db_index=False,  # case_owner_status serves every look-up by owner
    )
    team = models.ForeignKey(
        Department,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    root_cause = models.CharField(_("root cause"), max_length=20, choices=RootCause.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The language the customer is answered in (the acknowledgement is written in it).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the most pressing running SLA clock falls due (None: no clock runs, or all are paused);
    # kept by ``services.clocks`` so the queue sorts by urgency with one index.
    sla_due_at = models.DateTimeField(_("SLA due at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=[
            "owner",
            "party",
            "contact",
            "order",
            "order_line",
            "shipment",
            "purchase_order",
            "product",
            "team",
            "merged_into",
            "created_by",
            "created_at",
        ],
    )

    class Meta:
        ordering = ["priority_rank", "created_at", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["number"], name="case_number_unique")]
        indexes = [
            models.Index(fields=["status", "priority_rank", "created_at"], name="case_queue"),
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["party", "-created_at"], name="case_party"),
            models.Index(
                fields=["sla_due_at", "priority_rank", "created_at"],
                condition=Q(status__in=sorted(ACTIVE_STATUSES)),
                name="case_sla_queue",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def allowed_statuses(self) -> list[str]:
        """The statuses this case may move to, in the order of the status list."""
        if self.merged_into_id is not None:
            return []
        allowed = CASE_TRANSITIONS.get(self.status, frozenset())
        return [status for status in CaseStatus.values if status in allowed]

    def can_change_status_to(self, status: str) -> bool:
        return status in self.allowed_statuses()


class CaseMessage(models.Model):
    """One message on a case: a reply the customer reads, or an internal note the customer never
    sees. Messages are not edited. A message moved by a merge remembers the case it was written on."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="messages")
    visibility = models.CharField(_("visibility"), max_length=10, choices=MessageVisibility.choices)
    sender = models.CharField(
        _("from"), max_length=10, choices=MessageSender.choices, default=MessageSender.STAFF
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    merged_from = models.ForeignKey(
        Case,
        verbose_name=_("written on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case message")
        verbose_name_plural = _("case messages")
        indexes = [models.Index(fields=["case", "created_at"], name="casemessage_case")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.body[:40]}"

    @property
    def is_note(self) -> bool:
        return self.visibility == MessageVisibility.NOTE
