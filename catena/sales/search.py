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
from catena.sales.models import Lead, Opportunity, Quote, SalesOrder
from catena.workspace import search
from catena.workspace.search import Result, number_terms


def _number_filter(query: str, prefix: str, field: str = "number") -> Q | None:
    starts, whole = number_terms(query, prefix)
    found = Q()
    if starts:
        found |= Q(**{f"{field}__startswith": starts})
    if whole:
        found |= Q(**{field: whole})
    return found if found else None


def _detail(name: str) -> Callable[[int], str]:
    base = reverse(name, args=[0]).removesuffix("0/")
    return lambda pk: f"{base}{pk}/"


def find_orders(user: Any, query: str, limit: int) -> list[Result]:
    """Sales orders by number, or by the customer's reference (its purchase order number)."""
    term = query.replace(" ", "")
    condition = _number_filter(query, "SO")
    if len(term) >= 3:
        by_reference = Q(customer_reference__istartswith=term)
        condition = by_reference if condition is None else condition | by_reference
    if condition is None:
        return []
    rows = (
        SalesOrder.objects.for_user(user, access.VIEW)
        .filter(condition)
        .order_by()
        .values_list("pk", "number", "customer_reference", "customer__name", "status")[:limit]
    )
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
    condition = _number_filter(query, "QT")
    if condition is None:
        return []
    rows = (
        Quote.objects.for_user(user, access.VIEW)
        .current()
        .filter(condition)
        .order_by()
        .values_list("pk", "number", "version", "customer__name", "status")[:limit]
    )
    url = _detail("sales:quote_detail")
    statuses = dict(Quote._meta.get_field("status").flatchoices)
    return [
        Result("quote", f"{number} v{version}", f"{customer} · {statuses.get(status, status)}", url(pk))
        for pk, number, version, customer, status in rows
    ]


def find_opportunities(user: Any, query: str, limit: int) -> list[Result]:
    """Opportunities whose name contains the query, those closing soonest first."""
    rows = (
        Opportunity.objects.for_user(user, access.VIEW)
        .filter(name__icontains=query)
        .order_by("expected_close", "id")
        .values_list("pk", "name", "party__name", "step__name")[:limit]
    )
    url = _detail("sales:opportunity_detail")
    return [Result("opportunity", name, f"{party} · {step}", url(pk)) for pk, name, party, step in rows]


def find_leads(user: Any, query: str, limit: int) -> list[Result]:
    """Leads by company, person, phone or e-mail, the newest first."""
    condition = (
        Q(company__icontains=query)
        | Q(contact_name__icontains=query)
        | Q(email__icontains=query)
        | Q(phone__icontains=query)
    )
    rows = (
        Lead.objects.for_user(user, access.VIEW)
        .filter(condition)
        .order_by("-created_at", "-id")
        .values_list("pk", "company", "contact_name", "email", "phone")[:limit]
    )
    url = _detail("sales:lead_detail")
    return [
        Result("lead", company or person, " · ".join(p for p in (person, email, phone) if p), url(pk))
        for pk, company, person, email, phone in rows
    ]


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
