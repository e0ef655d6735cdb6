"""The agent's desk: canned responses to answer fast in the customer's language, and who has a
case open right now (so two agents do not answer the same customer twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.service.models.cases import Case


class CannedResponse(TimeStampedModel):
    """A reply the desk writes again and again, with variables filled from the case:
    ``{customer}``, ``{contact}``, ``{case_number}``, ``{subject}``, ``{agent}`` and ``{due}``."""

    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["language", "title", "id"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        constraints = [
            models.UniqueConstraint(fields=["language", "title"], name="cannedresponse_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class CaseViewing(models.Model):
    """An agent has the case's page open: refreshed while the page stays open, so the others
    see who else is on the case."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(_("seen at"))

    objects = GatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case viewing")
        verbose_name_plural = _("case viewings")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="caseviewing_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.case_id}"
