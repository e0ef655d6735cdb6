"""The timeline of a party: every exchange with it, whatever the channel, and the system entries
the services write about its records (stage moves, status changes, promises, deliveries)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.comms.choices import Channel, Direction, InteractionKind
from catena.core.access import GatedQuerySet
from catena.parties.models import Contact, Party


class InteractionQuerySet(GatedQuerySet["Interaction"]):
    def exchanges(self) -> InteractionQuerySet:
        """What people exchanged with the party: the only entries that count as contact."""
        return self.filter(kind=InteractionKind.EXCHANGE)

    def system_entries(self) -> InteractionQuerySet:
        return self.filter(kind=InteractionKind.SYSTEM)


class Interaction(models.Model):
    """One entry on a party's timeline: an exchange (a call, a visit, an e-mail, an EDI message,
    a note…) or a system entry the services wrote about one of its records (an order that moved
    on, a purchase order answered, a shipment delivered). Only exchanges count as contact.

    Channel adapters fill ``external_id`` with the message id of their channel so that the same
    message delivered twice becomes one interaction.
    """

    # No index of their own: ``interaction_timeline`` (party, occurred) serves every lookup by
    # party, and related records are always looked up within one party's timeline. Each index
    # left out is one less random page written per interaction (a million a year at scale).
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=InteractionKind.choices, default=InteractionKind.EXCHANGE
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    related_type = models.ForeignKey(
        ContentType,
        verbose_name=_("related record type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_index=False,
    )
    related_id = models.CharField(_("related record id"), max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    external_id = models.CharField(_("external id"), max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["party", "-occurred_at"], name="interaction_timeline"),
            # "Last contacted", the not-contacted list and the exchanges-only timeline. Partial, so
            # the system entries (most rows of a busy customer) cost it no write and no page.
            models.Index(
                fields=["party", "-occurred_at"],
                name="interaction_exchanges",
                condition=models.Q(kind="exchange"),
            ),
            models.Index(fields=["occurred_at"], name="interaction_occurred"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="interaction_external_unique"),
        ]

    def __str__(self) -> str:
        return self.subject
