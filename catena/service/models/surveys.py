"""Surveys asked of customers: satisfaction with a resolved case (CSAT) and, now and then, how
likely they are to recommend us (NPS)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.parties.models import Contact, Party
from catena.service.choices import DETRACTOR_MAX, SurveyChannel, SurveyKind
from catena.service.models.cases import Case


class SurveyQuerySet(GatedQuerySet["Survey"]):
    def answered(self) -> SurveyQuerySet:
        return self.filter(answered_at__isnull=False)

    def pending(self, now: datetime) -> SurveyQuerySet:
        """Not answered and not expired: the customer may still answer them."""
        return self.filter(answered_at__isnull=True, expires_at__gt=now)

    def detractors(self) -> SurveyQuerySet:
        return self.filter(
            Q(kind=SurveyKind.CSAT, score__lte=DETRACTOR_MAX[SurveyKind.CSAT])
            | Q(kind=SurveyKind.NPS, score__lte=DETRACTOR_MAX[SurveyKind.NPS])
        )


class Survey(models.Model):
    """One question put to a customer: how satisfied it is with a resolved case (CSAT, 1–5), or
    how likely it is to recommend us (NPS, 0–10). It is answered once, through the link in its
    e-mail or signed in to the portal, until it expires.

    Only a hash of the link's token is stored: a copy of the database does not let anyone answer.
    A low score opens a follow-up case (``follow_up_case``) so somebody calls the customer back.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=SurveyKind.choices)
    party = models.ForeignKey(
        Party, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
        db_index=False,  # survey_one_csat_per_case serves the look-up by case
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    token_hash = models.CharField(_("token hash"), max_length=64, editable=False)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    channel = models.CharField(
        _("answered through"), max_length=10, choices=SurveyChannel.choices, blank=True
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    follow_up_case = models.ForeignKey(
        Case,
        verbose_name=_("follow-up case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind=SurveyKind.CSAT), name="survey_one_csat_per_case"
            ),
            models.UniqueConstraint(fields=["token_hash"], name="survey_token_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | Q(kind=SurveyKind.CSAT, score__gte=1, score__lte=5)
                | Q(kind=SurveyKind.NPS, score__gte=0, score__lte=10),
                name="survey_score_range",
            ),
        ]
        indexes = [
            models.Index(fields=["party", "kind", "-sent_at"], name="survey_party"),
            models.Index(fields=["kind", "answered_at"], name="survey_answered"),
            models.Index(fields=["email", "kind", "-sent_at"], name="survey_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.party_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_expired(self, now: datetime) -> bool:
        return not self.is_answered and self.expires_at <= now

    @property
    def is_detractor(self) -> bool:
        return self.score is not None and self.score <= DETRACTOR_MAX[SurveyKind(self.kind)]
