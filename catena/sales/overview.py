"""What sales tells on a party's page: revenue this year and last, open quotes and opportunities
(the "Sales" card), and the party's quotes and opportunities tabs.

Every figure is read through the gate: a salesperson who sees only their own orders sees the
revenue of those orders."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.core import access
from catena.core.figures import format_money, format_percent
from catena.parties import overview
from catena.parties.choices import BUYING_ROLES, PartyRoleType
from catena.parties.models import Party
from catena.parties.overview import Card, Cell, Figure, RecordTable, Tab, day, list_url
from catena.sales.choices import OrderStatus, QuoteStatus
from catena.sales.models import Opportunity, Quote, SalesOrder

OPEN_QUOTE_STATUSES = (QuoteStatus.DRAFT, QuoteStatus.SENT)
SELLING_TO = (*BUYING_ROLES, PartyRoleType.PROSPECT)


def year_start(now: datetime, years_back: int = 0) -> datetime:
    """The first moment of the current year (or ``years_back`` years before) in the active time zone."""
    local = timezone.localtime(now)
    return local.replace(
        year=local.year - years_back, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def _a_year_before(now: datetime) -> datetime:
    local = timezone.localtime(now)
    try:
        return local.replace(year=local.year - 1)
    except ValueError:  # 29 February
        return local.replace(year=local.year - 1, day=28)


def revenue_by_year(user: Any, party: Party, now: datetime) -> list[dict[str, Any]]:
    """Net order value of this year and last, per currency, largest first (cancelled orders left out)."""
    this_year, last_year = year_start(now), year_start(now, 1)
    rows = (
        SalesOrder.objects.for_user(user, access.VIEW)
        .filter(customer_id=party.pk, ordered_at__gte=last_year)
        .exclude(status=OrderStatus.CANCELLED)
        .values("currency")
        .annotate(
            this_year=Sum("total_net", filter=Q(ordered_at__gte=this_year)),
            last_year=Sum("total_net", filter=Q(ordered_at__lt=this_year)),
            # last year up to today's date a year ago: what this year so far compares with
            same_period=Sum("total_net", filter=Q(ordered_at__lt=_a_year_before(now))),
        )
    )
    found = [
        {**row, **{k: row[k] or Decimal(0) for k in ("this_year", "last_year", "same_period")}}
        for row in rows
    ]
    return sorted(found, key=lambda r: (-(r["this_year"] + r["last_year"]), r["currency"]))


def _open_deals(user: Any, party: Party) -> dict[str, Any]:
    weighted = ExpressionWrapper(F("amount") * F("probability") / 100, output_field=DecimalField())
    return (
        Opportunity.objects.for_user(user, access.VIEW)
        .open()
        .filter(party_id=party.pk)
        .aggregate(count=Count("pk"), total=Sum("amount"), weighted_total=Sum(weighted))
    )


def _open_quotes(user: Any, party: Party) -> dict[str, Any]:
    return (
        Quote.objects.for_user(user, access.VIEW)
        .current()
        .filter(customer_id=party.pk, status__in=OPEN_QUOTE_STATUSES)
        .aggregate(
            count=Count("pk"), total=Sum("total_net"), sent=Count("pk", filter=Q(status=QuoteStatus.SENT))
        )
    )


def sales_card(user: Any, party: Party) -> Card | None:
    """Revenue this year and last, open quotes and the open pipeline, for a party we sell to."""
    if not overview.has_role(party, *SELLING_TO) or not access.can(user, access.VIEW, SalesOrder):
        return None  # orders and quotes need a buying party; a prospect has opportunities
    now = timezone.now()
    revenue = revenue_by_year(user, party, now)
    quotes = _open_quotes(user, party)
    deals = _open_deals(user, party)
    main: dict[str, Any] = (
        revenue[0]
        if revenue
        else {"currency": "", "this_year": Decimal(0), "last_year": Decimal(0), "same_period": Decimal(0)}
    )
    hints = []
    if main["same_period"]:
        change = (main["this_year"] - main["same_period"]) * 100 / main["same_period"]
        sign = "+" if change > 0 else ""
        hints.append(
            _("%(change)s on the same period last year") % {"change": sign + format_percent(change, 0)}
        )
    others = ", ".join(
        f"{r['currency']} {format_money(r['this_year'])}" for r in revenue[1:] if r["this_year"]
    )
    orders_url = list_url("fulfilment:order_list", customer=party.pk)
    quotes_url = list_url("sales:quote_list", customer=party.pk)
    board_url = list_url("sales:opportunity_board", party=party.pk)
    figures = [
        Figure(
            _("Revenue this year"),
            main["this_year"],
            "money",
            orders_url,
            currency=main["currency"],
            hint=" · ".join([*hints, *([_("also %(others)s") % {"others": others}] if others else [])]),
        ),
        Figure(
            _("Revenue last year"),
            main["last_year"],
            "money",
            orders_url,
            currency=main["currency"],
        ),
        Figure(
            _("Open quotes"),
            quotes["count"],
            "count",
            quotes_url,
            hint=_("%(sent)s awaiting an answer · %(amount)s")
            % {"sent": quotes["sent"], "amount": format_money(quotes["total"] or 0)}
            if quotes["count"]
            else "",
        ),
        Figure(
            _("Open opportunities"),
            deals["count"],
            "count",
            board_url,
            hint=_("%(amount)s, weighted %(weighted)s")
            % {
                "amount": format_money(deals["total"] or 0),
                "weighted": format_money(deals["weighted_total"] or 0),
            }
            if deals["count"]
            else "",
        ),
    ]
    return Card("sales", pgettext_lazy("customer overview card", "Sales"), figures)


def quotes_tab(request: Any, party: Party) -> dict[str, Any]:
    user = request.user
    quotes = (
        Quote.objects.for_user(user, access.VIEW)
        .current()
        .filter(customer_id=party.pk)
        .only("pk", "number", "version", "status", "valid_until", "currency", "total_net", "created_at")
        .order_by("-created_at", "-id")[: overview.TAB_ROWS]
    )
    rows = [
        [
            Cell(
                f"{q.number}" + (f" v{q.version}" if q.version > 1 else ""),
                reverse("sales:quote_detail", args=[q.pk]),
            ),
            Cell(str(q.get_status_display()), tone="late" if q.status == QuoteStatus.EXPIRED else ""),
            Cell(day(q.created_at)),
            Cell(day(q.valid_until)),
            Cell(f"{q.currency} {format_money(q.total_net)}", numeric=True),
        ]
        for q in quotes
    ]
    can_add = access.can(user, access.ADD, Quote)
    table = RecordTable(
        title=_("Quotes"),
        headings=(_("Quote number"), _("Status"), _("Created"), _("Valid until"), _("Net total")),
        rows=rows,
        numeric=frozenset({4}),
        empty=_("No quotes for this party yet."),
        more_url=list_url("sales:quote_list", customer=party.pk),
        more_label=_("All quotes of this party"),
        add_url=list_url("sales:quote_create", customer=party.pk) if can_add else "",
        add_label=_("Quote"),
    )
    return {"table": table}


def opportunities_tab(request: Any, party: Party) -> dict[str, Any]:
    user = request.user
    deals = (
        Opportunity.objects.for_user(user, access.VIEW)
        .filter(party_id=party.pk)
        .select_related("step", "owner")
        .order_by("-expected_close", "-id")[: overview.TAB_ROWS]
    )
    rows = [
        [
            Cell(d.name, reverse("sales:opportunity_detail", args=[d.pk])),
            Cell(d.step.display_name, tone="good" if d.step.is_won else ("late" if d.step.is_lost else "")),
            Cell(f"{d.currency} {format_money(d.amount)}", numeric=True),
            Cell(format_percent(d.probability, 0), numeric=True),
            Cell(day(d.expected_close)),
            Cell(d.owner.display_name if d.owner else "—"),
        ]
        for d in deals
    ]
    can_add = access.can(user, access.ADD, Opportunity)
    table = RecordTable(
        title=_("Opportunities"),
        headings=(
            _("Name"),
            _("Stage"),
            _("Amount"),
            _("Probability"),
            _("Expected close"),
            _("Owner"),
        ),
        rows=rows,
        numeric=frozenset({2, 3}),
        empty=_("No opportunities with this party yet."),
        more_url=list_url("sales:opportunity_board", party=party.pk),
        more_label=_("On the opportunity board"),
        add_url=list_url("sales:opportunity_create", party=party.pk) if can_add else "",
        add_label=_("Opportunity"),
    )
    return {"table": table}


def _sells_to(party: Party) -> bool:
    return overview.has_role(party, *SELLING_TO)


def register_overview() -> None:
    overview.register_card("sales", sales_card, order=10)
    overview.register_tab(
        Tab("quotes", _("Quotes"), overview.RECORDS_TEMPLATE, quotes_tab, order=34, applies=_sells_to)
    )
    overview.register_tab(
        Tab("opportunities", _("Opportunities"), overview.RECORDS_TEMPLATE, opportunities_tab, order=35)
    )
