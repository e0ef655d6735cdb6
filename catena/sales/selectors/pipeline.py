"""Reads of the sales pipeline shared by the pages and the API: lists, the board, the weighted
pipeline. Every read goes through the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone

from catena.accounts.models import User
from catena.core import access
from catena.core.money import quantize
from catena.sales.models import Lead, Opportunity, PipelineStep, Quote

BOARD_CLOSED_DAYS = 30  # won and lost columns show what closed in the last month
BOARD_COLUMN_LIMIT = 100


def lead_list(
    user: Any, *, q: str = "", status: str = "", source: str = "", owner: int | None = None
) -> QuerySet[Lead]:
    leads = access.restrict(Lead.objects.all(), user, access.VIEW)
    if q:
        leads = leads.filter(
            Q(company__icontains=q)
            | Q(contact_name__icontains=q)
            | Q(phone__contains=q)
            | Q(email__icontains=q)
        )
    if status:
        leads = leads.filter(status=status)
    if source:
        leads = leads.filter(source=source)
    if owner:
        leads = leads.filter(owner_id=owner)
    return leads.select_related("owner", "party").order_by("-created_at", "-id")


def opportunity_list(
    user: Any,
    *,
    q: str = "",
    step: str = "",
    owner: int | None = None,
    party: int | None = None,
    is_open: bool | None = None,
    close_from: date | None = None,
    close_until: date | None = None,
) -> QuerySet[Opportunity]:
    found = access.restrict(Opportunity.objects.all(), user, access.VIEW)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(party__name__icontains=q))
    if step:
        found = found.filter(step__code=step)
    if owner:
        found = found.filter(owner_id=owner)
    if party:
        found = found.filter(party_id=party)
    if is_open is True:
        found = found.filter(step__is_won=False, step__is_lost=False)
    elif is_open is False:
        found = found.filter(Q(step__is_won=True) | Q(step__is_lost=True))
    if close_from:
        found = found.filter(expected_close__gte=close_from)
    if close_until:
        found = found.filter(expected_close__lte=close_until)
    return found.select_related("party", "step", "owner").order_by("expected_close", "id")


@dataclass
class BoardColumn:
    step: PipelineStep
    cards: list[Opportunity] = field(default_factory=list)
    count: int = 0
    total: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)


def opportunity_board(user: Any, *, owner: int | None = None, q: str = "") -> list[BoardColumn]:
    """One column per active step with its cards (open deals; won and lost ones of the last
    month), the count, the amount and the weighted amount of each column."""
    steps = list(PipelineStep.objects.filter(is_active=True))
    columns = {step.pk: BoardColumn(step=step) for step in steps}
    found = opportunity_list(user, q=q, owner=owner)
    since = timezone.now() - timedelta(days=BOARD_CLOSED_DAYS)
    found = found.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since), step__in=steps)
    weighted = ExpressionWrapper(F("amount") * F("probability") / 100, output_field=DecimalField())
    for row in (
        found.order_by().values("step_id").annotate(n=Count("id"), total=Sum("amount"), w=Sum(weighted))
    ):
        column = columns[row["step_id"]]
        column.count, column.total, column.weighted = (
            row["n"],
            quantize(row["total"] or 0),
            quantize(row["w"] or 0),
        )
    # Numbering the cards within their step lets one query take the first cards of every column,
    # however many steps an administrator sets up.
    place = Window(RowNumber(), partition_by=[F("step_id")], order_by=[F("expected_close"), F("id")])
    for card in found.annotate(place=place).filter(place__lte=BOARD_COLUMN_LIMIT):
        columns[card.step_id].cards.append(card)
    return [columns[step.pk] for step in steps]


def _weighted_rows(user: Any, group: str, *, owner: int | None = None) -> list[dict[str, Any]]:
    found = access.restrict(Opportunity.objects.open(), user, access.VIEW).order_by()
    if owner:
        found = found.filter(owner_id=owner)
    if group == "month":
        found = found.annotate(month=TruncMonth("expected_close"))
    weighted = ExpressionWrapper(F("amount") * F("probability") / 100, output_field=DecimalField())
    rows = found.values(group, "currency").annotate(n=Count("id"), total=Sum("amount"), w=Sum(weighted))
    return [
        {
            group: row[group],
            "currency": row["currency"],
            "count": row["n"],
            "amount": quantize(row["total"] or 0),
            "weighted": quantize(row["w"] or 0),
        }
        for row in rows
    ]


def weighted_pipeline(user: Any, *, owner: int | None = None) -> dict[str, Any]:
    """Open deals summed per month of expected close and per owner: count, amount and weighted
    amount (amount × probability), each per currency."""
    by_month = [
        {
            "month": row["month"].strftime("%Y-%m"),
            "currency": row["currency"],
            "count": row["count"],
            "amount": row["amount"],
            "weighted": row["weighted"],
        }
        for row in _weighted_rows(user, "month", owner=owner)
    ]
    by_month.sort(key=lambda r: (r["month"], r["currency"]))
    owner_rows = _weighted_rows(user, "owner", owner=owner)
    names = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in={r["owner"] for r in owner_rows if r["owner"]})
    }
    by_owner = [
        {
            "owner_id": row["owner"],
            "owner": names.get(row["owner"], ""),
            "currency": row["currency"],
            "count": row["count"],
            "amount": row["amount"],
            "weighted": row["weighted"],
        }
        for row in owner_rows
    ]
    by_owner.sort(key=lambda r: (-r["weighted"], r["owner"], r["currency"]))
    return {"by_month": by_month, "by_owner": by_owner}


def quote_list(
    user: Any,
    *,
    q: str = "",
    status: str = "",
    customer: int | None = None,
    opportunity: int | None = None,
    owner: int | None = None,
    current_only: bool = True,
) -> QuerySet[Quote]:
    versions = Quote.objects.current() if current_only and status != "superseded" else Quote.objects.all()
    quotes = access.restrict(versions, user, access.VIEW)
    if q:
        quotes = quotes.filter(Q(number__icontains=q) | Q(customer__name__icontains=q))
    if status:
        quotes = quotes.filter(status=status)
    if customer:
        quotes = quotes.filter(customer_id=customer)
    if opportunity:
        quotes = quotes.filter(opportunity_id=opportunity)
    if owner:
        quotes = quotes.filter(owner_id=owner)
    return quotes.select_related("customer", "owner", "order").order_by("-created_at", "-id")


def visible_quote(user: Any, pk: int) -> Quote | None:
    return (
        access.restrict(Quote.objects.all(), user, access.VIEW)
        .select_related("customer", "opportunity", "owner", "order")
        .filter(pk=pk)
        .first()
    )
