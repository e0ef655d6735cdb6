"""What a user keeps in the parties app: named list views, and for a portal user the one party
whose records they may see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.parties.models.parties import Party


class SavedView(models.Model):
    """A named set of list filters and sort order, private to its owner or shared with everyone."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=80)
    list_name = models.CharField(_("list"), max_length=40, default="party")
    query = models.JSONField(_("filters"), default=dict)
    is_shared = models.BooleanField(_("shared with everyone"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")

    def __str__(self) -> str:
        return self.name


class PortalAccess(models.Model):
    """Ties a portal user to the one party whose records they may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="portal_access",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="portal_accesses"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["party_id"]
        verbose_name = _("portal access")
        verbose_name_plural = _("portal accesses")

    def __str__(self) -> str:
        return f"{self.user} → {self.party}"
