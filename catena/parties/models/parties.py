"""Parties themselves: the party, the roles it plays, its tags and the custom fields an
administrator adds to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.parties.choices import (
    BUYING_ROLES,
    ROLE_BITS,
    CustomFieldType,
    PartyKind,
    PartyRoleType,
    PartyStatus,
    PartyTier,
    roles_in_mask,
)
from catena.parties.regions import PROVINCES


class Tag(models.Model):
    """A free label on parties ("华东重点", "VIP"), used for filters and bulk work."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    color = models.CharField(_("colour"), max_length=7, default="#64748b")

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


def plays_role(role: str) -> GreaterThan:
    """The condition "the party plays ``role``" on ``Party`` rows: ``role_mask & bit > 0``, with no
    join. PostgreSQL keeps statistics of each bit (migration 0008), so the planner knows how many
    parties match. An unknown role matches nothing."""
    return GreaterThan(F("role_mask").bitand(ROLE_BITS.get(role, 0)), 0)


class PartyQuerySet(GatedQuerySet["Party"]):
    def with_role(self, role: str) -> PartyQuerySet:
        return self.filter(plays_role(role))

    def active(self) -> PartyQuerySet:
        return self.filter(status=PartyStatus.ACTIVE)


class Party(TimeStampedModel):
    """An organisation or a person we deal with, in whatever role: customer, supplier, carrier…"""

    kind = models.CharField(
        _("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.ORGANISATION
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PartyStatus.choices, default=PartyStatus.ACTIVE
    )
    tier = models.CharField(_("tier"), max_length=20, choices=PartyTier.choices, default=PartyTier.STANDARD)
    industry = models.CharField(_("industry"), max_length=80, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_parties",
        db_index=False,  # party_owner_name (owner, name) serves every lookup by owner
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="parties")
    custom_fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(_("external id"), max_length=64, null=True, blank=True)
    # Lower-cased name, codes, contact names, phones and e-mails: one indexed column for search.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Denormalised for filters and lists: the primary address's province and city.
    province = models.CharField(_("province"), max_length=20, blank=True, choices=PROVINCES)
    city = models.CharField(_("city"), max_length=40, blank=True)
    # Denormalised for filters and lists: one bit per role of the party's PartyRole rows
    # (choices.ROLE_BITS). The database keeps it: triggers on parties_partyrole set it, and a
    # write of a stale value is put right (migration 0008, docs/adr/0006-party-list-speed.md).
    # "Editable" only for django-simple-history's diffs (catena.core.history): no form shows it.
    role_mask = models.IntegerField(_("roles"), default=0)
    # Indexed through Meta.indexes only: a field's db_index would also index the history table
    # (and add a LIKE index on PostgreSQL), which no query uses but every import pays for.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # History is read per party (its ``id`` index) and by date; it needs no index on the owner.
    # role_mask is tracked only because catena.core.history diffs every model field: history
    # readers skip it (it is derived from the roles, which have no history of their own; a record
    # holds the mask its instance had when saved).
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"], no_db_index=["owner"])
    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["uscc"], name="party_uscc_unique"),
            models.UniqueConstraint(fields=["external_id"], name="party_external_id_unique"),
        ]
        # What the lists, filters and the importer's lookups need at 1M parties; see
        # docs/adr/0004-bulk-import-path.md before adding one (each slows every import).
        indexes = [
            models.Index(fields=["name", "id"], name="party_name"),
            models.Index(fields=["updated_at", "id"], name="party_updated"),
            models.Index(fields=["created_at", "id"], name="party_created"),
            models.Index(fields=["owner", "name"], name="party_owner_name"),
            models.Index(fields=["status"], name="party_status"),
            # Province filter, listed by name: the page is read straight off this index; with the
            # role mask included (PostgreSQL), a role + province count reads only the index.
            models.Index(
                fields=["province", "name", "id"], name="party_province_name", include=["role_mask"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def role_codes(self) -> list[str]:
        return [r.role for r in self.roles.all()]

    @property
    def tag_names(self) -> list[str]:
        """The tag names: those read for a whole page at once (``selectors.party_summaries``),
        else from ``tags.all()`` (prefetched or not)."""
        names = self.__dict__.get("_tag_names")
        return names if names is not None else [t.name for t in self.tags.all()]

    @property
    def role_list(self) -> list[str]:
        """The role codes from ``role_mask``, without a query (as a fresh read from the database
        shows them; an instance that changed roles itself is kept current by the services)."""
        return roles_in_mask(self.role_mask)

    @property
    def role_labels(self) -> list[tuple[str, str]]:
        """(code, label) of each role from ``role_mask``, in the roles' order: badges without a query."""
        labels = dict(PartyRoleType.choices)
        return [(code, str(labels.get(code, code))) for code in self.role_list]

    @property
    def buys_from_us(self) -> bool:
        """Does it play a buying role (customer, retailer, distributor)?"""
        return not BUYING_ROLES.isdisjoint(self.role_list)


class PartyRole(models.Model):
    """One role a party plays; a party may play several."""

    # No index of its own: party_role_unique (party, role) serves every lookup by party.
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="roles", db_index=False
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRoleType.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["role"]
        verbose_name = _("party role")
        verbose_name_plural = _("party roles")
        constraints = [models.UniqueConstraint(fields=["party", "role"], name="party_role_unique")]
        indexes = [models.Index(fields=["role", "party"], name="party_role_lookup")]

    def __str__(self) -> str:
        return str(self.get_role_display())


class CustomField(models.Model):
    """An administrator-defined extra field on parties, stored in ``Party.custom_fields``."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=80)
    type = models.CharField(
        _("type"), max_length=20, choices=CustomFieldType.choices, default=CustomFieldType.TEXT
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    is_required = models.BooleanField(_("required"), default=False)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")

    def __str__(self) -> str:
        return self.label
