"""Promises made to a customer during a case, tracked until they are kept or broken."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.parties.models import Party
from catena.service.choices import PromiseStatus
from catena.service.models.cases import Case
from catena.workspace.models import Activity


class PromiseQuerySet(GatedQuerySet["Promise"]):
    def open(self) -> PromiseQuerySet:
        return self.filter(status=PromiseStatus.OPEN)

    def overdue(self, now: datetime) -> PromiseQuerySet:
        """Open promises whose due time has passed: the sweep breaks them."""
        return self.open().filter(due_at__lte=now)


class Promise(models.Model):
    """Something an agent promised the customer on a case ("we will call back by Friday", "the
    replacement ships on the 12th"), due by a time. It is kept when an agent says so before the
    due time, broken when the time passes first; the ledger counts both per customer and per agent.

    ``party`` repeats the case's customer so the ledger counts by customer without a join.
    ``activity`` is the maker's to-do, due when the promise is, so it shows in "my day".
    """

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="promises")
    party = models.ForeignKey(
        Party, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("promised by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # promise_agent serves every look-up by agent
    )
    text = models.CharField(_("promise"), max_length=300)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    resolved_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PromiseQuerySet.as_manager()
    history = HistoricalRecords(
        no_db_index=["case", "party", "made_by", "resolved_by", "activity", "created_at"],
    )

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        indexes = [
            models.Index(fields=["party", "status"], name="promise_party"),
            models.Index(fields=["made_by", "status"], name="promise_agent"),
            models.Index(fields=["status", "due_at"], name="promise_due"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status == PromiseStatus.OPEN
