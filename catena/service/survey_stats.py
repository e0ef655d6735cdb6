"""Reads of surveys for the staff list, the case page, the party card, the portal and the API,
always through the access gate; and their figures: the CSAT average (1–5) and the NPS
(promoters' share minus detractors' share, −100 … 100) per month or over a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catena.core import access
from catena.service.choices import DETRACTOR_MAX, NPS_PROMOTER_MIN, SurveyKind
from catena.service.models import Case, Survey

YEAR = timedelta(days=365)
NPS_DETRACTOR = Q(kind=SurveyKind.NPS, score__lte=DETRACTOR_MAX[SurveyKind.NPS])
NPS_PROMOTER = Q(kind=SurveyKind.NPS, score__gte=NPS_PROMOTER_MIN)


def nps(promoters: int, detractors: int, answers: int) -> int | None:
    """Promoters % − detractors %, rounded; ``None`` without answers."""
    if not answers:
        return None
    return round(100 * (promoters - detractors) / answers)


def survey_list(
    user: Any, *, kind: str = "", party: int | None = None, detractor: bool | None = None, state: str = ""
) -> QuerySet[Survey]:
    """The surveys ``user`` may see, the latest sent first; ``state`` is ``answered``,
    ``pending`` or ``expired``."""
    found = Survey.objects.for_user(user, access.VIEW)
    if kind:
        found = found.filter(kind=kind)
    if party:
        found = found.filter(party_id=party)
    if detractor is not None:
        low = Survey.objects.detractors().values("pk")
        found = found.filter(pk__in=low) if detractor else found.answered().exclude(pk__in=low)
    now = timezone.now()
    if state == "answered":
        found = found.answered()
    elif state == "pending":
        found = found.pending(now)
    elif state == "expired":
        found = found.filter(answered_at__isnull=True, expires_at__lte=now)
    return found.select_related("party", "case", "follow_up_case").order_by("-sent_at", "-id")


def visible_survey(user: Any, pk: int) -> Survey | None:
    return (
        Survey.objects.for_user(user, access.VIEW)
        .select_related("party", "case", "follow_up_case")
        .filter(pk=pk)
        .first()
    )


def case_survey(user: Any, case: Case) -> Survey | None:
    """The CSAT survey of ``case``, if one was sent and ``user`` may see it."""
    return Survey.objects.for_user(user, access.VIEW).filter(case=case, kind=SurveyKind.CSAT).first()


def pending_for_portal(user: Any, *, case: Case | None = None) -> list[Survey]:
    """The surveys a portal customer's party may still answer (of one case, if given)."""
    found = Survey.objects.for_user(user, access.CHANGE).pending(timezone.now()).select_related("case")
    if case is not None:
        found = found.filter(case=case)
    return list(found.order_by("-sent_at", "-id")[:10])


@dataclass(frozen=True)
class Summary:
    csat_average: float | None
    csat_answers: int
    nps: int | None
    nps_answers: int


def summary(found: QuerySet[Survey]) -> Summary:
    """CSAT average and NPS over the answered surveys of ``found``."""
    figures = found.filter(answered_at__isnull=False).aggregate(
        csat_average=Avg("score", filter=Q(kind=SurveyKind.CSAT)),
        csat_answers=Count("pk", filter=Q(kind=SurveyKind.CSAT)),
        nps_answers=Count("pk", filter=Q(kind=SurveyKind.NPS)),
        promoters=Count("pk", filter=NPS_PROMOTER),
        detractors=Count("pk", filter=NPS_DETRACTOR),
    )
    average = figures["csat_average"]
    return Summary(
        csat_average=round(float(average), 2) if average is not None else None,
        csat_answers=figures["csat_answers"],
        nps=nps(figures["promoters"], figures["detractors"], figures["nps_answers"]),
        nps_answers=figures["nps_answers"],
    )


def party_summary(user: Any, party_id: int, now: datetime | None = None) -> Summary:
    """The party's CSAT average and NPS over the last 12 months."""
    since = (now or timezone.now()) - YEAR
    return summary(
        Survey.objects.for_user(user, access.VIEW).filter(party_id=party_id, answered_at__gte=since)
    )


def monthly_trend(
    found: QuerySet[Survey], now: datetime | None = None, months: int = 12
) -> list[dict[str, Any]]:
    """Per month of answer over the last ``months`` months, oldest first: the CSAT average, the
    NPS and how many answered each (a month without answers has ``None``)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    start_month = (local.year * 12 + local.month - 1) - (months - 1)
    start = local.replace(
        year=start_month // 12, month=start_month % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    rows = (
        found.filter(answered_at__isnull=False, answered_at__gte=start)
        .annotate(month=TruncMonth("answered_at"))
        .values("month")
        .annotate(
            csat_average=Avg("score", filter=Q(kind=SurveyKind.CSAT)),
            csat_answers=Count("pk", filter=Q(kind=SurveyKind.CSAT)),
            nps_answers=Count("pk", filter=Q(kind=SurveyKind.NPS)),
            promoters=Count("pk", filter=NPS_PROMOTER),
            detractors=Count("pk", filter=NPS_DETRACTOR),
        )
        .order_by()
    )
    by_month = {(row["month"].year, row["month"].month): row for row in rows}
    trend = []
    for offset in range(months):
        index = start_month + offset
        key = (index // 12, index % 12 + 1)
        row = by_month.get(key)
        average = row["csat_average"] if row else None
        trend.append(
            {
                "month": f"{key[0]}-{key[1]:02d}",
                "csat": round(float(average), 2) if average is not None else None,
                "csat_answers": row["csat_answers"] if row else 0,
                "nps": nps(row["promoters"], row["detractors"], row["nps_answers"]) if row else None,
                "nps_answers": row["nps_answers"] if row else 0,
            }
        )
    return trend
