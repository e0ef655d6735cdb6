"""Shipments with their lines and packages, and the carriers' tracking events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.fulfilment.choices import EventSource, ShipmentStatus, TrackingEventKind
from catena.parties.models import Address, Party
from catena.sales.models import SalesOrder, SalesOrderLine


class Shipment(TimeStampedModel):
    """Goods of one order on their way with one carrier. An order may ship in several."""

    number = models.CharField(_("shipment number"), max_length=30, unique=True)
    sales_order = models.ForeignKey(
        SalesOrder, verbose_name=_("sales order"), on_delete=models.PROTECT, related_name="shipments"
    )
    carrier = models.ForeignKey(
        Party, verbose_name=_("carrier"), on_delete=models.PROTECT, related_name="shipments"
    )
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.PLANNED
    )
    ship_to = models.ForeignKey(
        Address,
        verbose_name=_("ship-to address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promised_pickup_at = models.DateTimeField(_("promised pick-up"), null=True, blank=True)
    promised_delivery_at = models.DateTimeField(_("promised delivery"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    pod_signed_by = models.CharField(_("signed for by"), max_length=100, blank=True)
    pod_signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    pod_photo = models.FileField(_("proof of delivery photo"), upload_to="pod/%Y/%m/", blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["sales_order", "carrier", "ship_to"]
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [
            models.Index(fields=["carrier", "status"], name="shipment_carrier_status"),
            models.Index(fields=["sales_order"], name="shipment_order"),
            models.Index(fields=["tracking_number"], name="shipment_tracking"),
        ]

    def __str__(self) -> str:
        return self.tracking_number or self.number

    @property
    def delivered_on_time(self) -> bool | None:
        if self.delivered_at is None or self.promised_delivery_at is None:
            return None
        return self.delivered_at <= self.promised_delivery_at


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        SalesOrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="shipment_lines"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["shipment_id", "id"]
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="shipmentline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.quantity}"


class Package(models.Model):
    """A parcel or pallet of a shipment, with its GS1 serial shipping container code if labelled."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="packages"
    )
    sscc = models.CharField(_("SSCC"), max_length=18, blank=True)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=10, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["shipment_id", "id"]
        verbose_name = _("package")
        verbose_name_plural = _("packages")

    def __str__(self) -> str:
        return self.sscc or f"#{self.pk}"


class TrackingEvent(models.Model):
    """What the carrier reports about a shipment. ``external_id`` is the carrier's own event id,
    so the same event posted twice (portal, API or webhook retries) is recorded once."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=TrackingEventKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=EventSource.choices, default=EventSource.STAFF
    )
    external_id = models.CharField(_("carrier's event id"), max_length=100, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["shipment_id", "occurred_at", "id"]
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "external_id"], name="trackingevent_external_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.kind}"
