"""How to reach a party: its contacts (the people we talk to), their and the party's contact
points (e-mail, phone, WeCom…) and the party's postal addresses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.parties.choices import AddressKind, ContactPointKind
from catena.parties.models.parties import Party
from catena.parties.regions import PROVINCES


class Contact(TimeStampedModel):
    """A person at an organisation whom we talk to."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # Not indexed: contacts are read per party, never sorted or filtered by time.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class ContactPoint(models.Model):
    """A way to reach a party or one of its contacts: e-mail, phone (E.164), WeCom…"""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="contact_points"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_points",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactPointKind.choices)
    value = models.CharField(_("value"), max_length=200)
    label = models.CharField(_("label"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    history = HistoricalRecords()

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-is_primary", "id"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        indexes = [models.Index(fields=["kind", "value"], name="contact_point_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Address(models.Model):
    """A postal address in Chinese structure: province / city / district / street."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="addresses"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AddressKind.choices, default=AddressKind.OFFICE)
    province = models.CharField(_("province"), max_length=20, choices=PROVINCES)
    city = models.CharField(_("city"), max_length=40)
    district = models.CharField(_("district"), max_length=40, blank=True)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    history = HistoricalRecords()

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "kind", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.street}"
