"""What search everywhere finds in sales: orders and quotes by number, orders by the customer's
own reference (their PO number), opportunities by name and leads by company, person, phone or
e-mail; and the palette's sales commands.

Numbers are looked up by prefix on indexed columns (migration ``0007_search_number_indexes``):
each look-up reads a few index entries whatever the table's size. Opportunities and leads are
matched by substring: they are fewer by orders of magnitude than orders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.core import access
from catena.parties.models import Party
from catena.parties.search import is_searchable, search_condition
from catena.sales.models import Lead, Opportunity, Quote, SalesOrder
from catena.workspace import search
from catena.workspace.search import (
    Result,
    first_matches,
    looks_like_code,
    looks_like_phone,
    number_conditions,
)


def _detail(name: str) -> Callable[[int], str]:
    base = reverse(name, args=[0]).removesuffix("0/")
    return lambda pk: f"{base}{pk}/"


def find_orders(user: Any, query: str, limit: int) -> list[Result]:
    """Sales orders by number, or by the customer's reference (its purchase order number)."""
    conditions = number_conditions(query, "SO")
    term = query.replace(" ", "")
    if len(term) >= 3:
        conditions.append(Q(customer_reference__istartswith=term))
    columns = ("pk", "number", "customer_reference", "customer__name", "status")
    rows = first_matches(SalesOrder.objects.for_user(user, access.VIEW), conditions, columns, limit)
    url = _detail("fulfilment:order_detail")
    statuses = dict(SalesOrder._meta.get_field("status").flatchoices)
    return [
        Result(
            "sales_order",
            number,
            " · ".join(str(p) for p in (customer, reference, statuses.get(status, status)) if p),
            url(pk),
        )
        for pk, number, reference, customer, status in rows
    ]


def find_quotes(user: Any, query: str, limit: int) -> list[Result]:
    """Current quotes (not the revisions they replaced) by number."""
    columns = ("pk", "number", "version", "customer__name", "status")
    visible = Quote.objects.for_user(user, access.VIEW).current()
    rows = first_matches(visible, number_conditions(query, "QT"), columns, limit)
    url = _detail("sales:quote_detail")
    statuses = dict(Quote._meta.get_field("status").flatchoices)
    return [
        Result("quote", f"{number} v{version}", f"{customer} · {statuses.get(status, status)}", url(pk))
        for pk, number, version, customer, status in rows
    ]


def find_opportunities(user: Any, query: str, limit: int) -> list[Result]:
    """Opportunities by name (three characters or more, on a trigram index), then those of the
    first matching parties (the parties' search, two Chinese characters too). Two queries, each
    on its own index, in no order: a common word must not sort every match to show five."""
    if looks_like_code(query) or looks_like_phone(query):
        return []  # a number: no opportunity is named by one, and parties' phones are their own kind
    visible = Opportunity.objects.for_user(user, access.VIEW).order_by()
    columns = ("pk", "name", "party__name", "step__name")
    rows = (
        list(visible.filter(name__icontains=query).values_list(*columns)[:limit]) if len(query) >= 3 else []
    )
    if len(rows) < limit and is_searchable(query):
        seen = {row[0] for row in rows}
        by_party = visible.filter(party__in=_matching_parties(user, query)).values_list(*columns)
        rows += [row for row in by_party[: limit + len(seen)] if row[0] not in seen]
    url = _detail("sales:opportunity_detail")
    return [
        Result("opportunity", name, f"{party} · {step}", url(pk)) for pk, name, party, step in rows[:limit]
    ]


def find_leads(user: Any, query: str, limit: int) -> list[Result]:
    """Leads by company, person or e-mail (three characters or more, on trigram indexes), by
    phone when the query reads as a phone number, or by a person's whole name or the start of
    a company (two Chinese characters); none for an order or tracking number."""
    if looks_like_phone(query):
        conditions = [Q(phone__icontains=query.strip())]
    elif looks_like_code(query):
        return []  # an order or tracking number: no lead has one
    elif len(query) >= 3:
        conditions = [
            Q(company__icontains=query),
            Q(contact_name__icontains=query),
            Q(email__icontains=query),
        ]
    elif is_searchable(query):
        conditions = [Q(contact_name=query), Q(company__startswith=query)]
    else:
        return []
    columns = ("pk", "company", "contact_name", "email", "phone")
    rows = first_matches(Lead.objects.for_user(user, access.VIEW), conditions, columns, limit)
    url = _detail("sales:lead_detail")
    return [
        Result("lead", company or person, " · ".join(p for p in (person, email, phone) if p), url(pk))
        for pk, company, person, email, phone in rows
    ]


# How many matching parties the opportunity search looks into.
MATCHING_PARTIES = 20


def _matching_parties(user: Any, query: str) -> Any:
    visible = Party.objects.for_user(user, access.VIEW).order_by()
    return visible.filter(search_condition(query)).values("pk")[:MATCHING_PARTIES]


def _list_url(name: str) -> Callable[[str], str]:
    return lambda query: f"{reverse(name)}?{urlencode({'q': query})}"


def register_search() -> None:
    """Register the sales kinds and commands with search everywhere (``AppConfig.ready``)."""
    search.register(
        "sales_order",
        pgettext_lazy("search kind", "Sales orders"),
        find_orders,
        order=30,
        more_url=_list_url("fulfilment:order_list"),
    )
    search.register(
        "quote",
        pgettext_lazy("search kind", "Quotes"),
        find_quotes,
        order=40,
        more_url=_list_url("sales:quote_list"),
    )
    search.register(
        "opportunity", pgettext_lazy("search kind", "Opportunities"), find_opportunities, order=50
    )
    search.register(
        "lead",
        pgettext_lazy("search kind", "Leads"),
        find_leads,
        order=60,
        more_url=_list_url("sales:lead_list"),
    )
    search.register_command(
        "quote_create",
        _("New quote"),
        "sales:quote_create",
        lambda user: access.can(user, access.ADD, Quote),
        keywords="new quote offer",
        order=20,
    )
    search.register_command(
        "lead_create",
        _("New lead"),
        "sales:lead_create",
        lambda user: access.can(user, access.ADD, Lead),
        keywords="new lead",
        order=25,
    )
    search.register_command(
        "opportunity_board",
        _("Go to opportunities"),
        "sales:opportunity_board",
        lambda user: access.can(user, access.VIEW, Opportunity),
        keywords="pipeline board deals opportunities",
        order=60,
    )
    search.register_command(
        "quote_list",
        _("Go to quotes"),
        "sales:quote_list",
        lambda user: access.can(user, access.VIEW, Quote),
        keywords="quotes offers",
        order=65,
    )
