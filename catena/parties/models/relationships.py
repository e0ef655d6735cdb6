"""How parties are related to one another: the links of the chain and the contracts behind them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.parties.choices import RelationshipKind
from catena.parties.models.parties import Party


class Relationship(TimeStampedModel):
    """A link in the chain: ``from_party`` serves ``to_party`` (supplies, ships for…)."""

    from_party = models.ForeignKey(
        Party, verbose_name=_("upstream party"), on_delete=models.CASCADE, related_name="downstream_links"
    )
    to_party = models.ForeignKey(
        Party, verbose_name=_("downstream party"), on_delete=models.CASCADE, related_name="upstream_links"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["from_party_id", "kind", "id"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(fields=["from_party", "to_party", "kind"], name="relationship_unique"),
            models.CheckConstraint(
                condition=~models.Q(from_party=models.F("to_party")), name="relationship_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(since__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="relationship_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["to_party", "kind"], name="relationship_to")]

    def __str__(self) -> str:
        return f"{self.from_party} {self.get_kind_display()} {self.to_party}"


class Contract(TimeStampedModel):
    """The agreement behind a relationship, with its service-level targets as structured fields."""

    relationship = models.OneToOneField(
        Relationship, verbose_name=_("relationship"), on_delete=models.CASCADE, related_name="contract"
    )
    number = models.CharField(_("contract number"), max_length=50, blank=True)
    terms = models.TextField(_("terms"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    payment_terms_days = models.PositiveIntegerField(_("payment terms (days)"), null=True, blank=True)
    on_time_target_pct = models.DecimalField(
        _("on-time target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    response_hours = models.PositiveIntegerField(_("response time (hours)"), null=True, blank=True)
    pickup_hours = models.PositiveIntegerField(_("pick-up within (hours)"), null=True, blank=True)
    transit_days = models.PositiveIntegerField(_("transit time (days)"), null=True, blank=True)
    max_damage_rate_pct = models.DecimalField(
        _("maximum damage rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    proof_of_delivery_required = models.BooleanField(_("proof of delivery required"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["relationship_id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(self.relationship)
