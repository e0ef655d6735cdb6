"""What search everywhere finds in the service desk: cases by number (``CS-000042``, ``42``) and
by subject; and the palette's case commands. Every look-up reads through the access gate, so a
portal customer finds only its own party's cases."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.accounts import roles
from catena.core import access
from catena.service.models import Case
from catena.workspace import search
from catena.workspace.search import Result, first_matches, number_conditions


def find_cases(user: Any, query: str, limit: int) -> list[Result]:
    """Cases by number, then by subject (two characters or more: a Chinese word)."""
    conditions = number_conditions(query, "CS")
    if len(query.strip()) >= 2:
        conditions.append(Q(subject__icontains=query.strip()))
    columns = ("pk", "number", "subject", "party__name", "status")
    rows = first_matches(Case.objects.for_user(user, access.VIEW), conditions, columns, limit)
    base = reverse("service:case_detail", args=[0]).removesuffix("0/")
    statuses = dict(Case._meta.get_field("status").flatchoices)
    return [
        Result("case", f"{number} {subject}", f"{party} · {statuses.get(status, status)}", f"{base}{pk}/")
        for pk, number, subject, party, status in rows
    ]


def register_search() -> None:
    """Register cases and the service desk's commands with search everywhere (``AppConfig.ready``)."""
    search.register(
        "case",
        pgettext_lazy("search kind", "Cases"),
        find_cases,
        order=38,
        more_url=lambda query: f"{reverse('service:case_list')}?{urlencode({'q': query})}",
    )
    search.register_command(
        "case_create",
        _("New case"),
        "service:case_create",
        lambda user: access.can(user, access.ADD, Case) and not roles.is_portal(user),
        keywords="new case ticket complaint",
        order=38,
    )
    search.register_command(
        "case_list",
        _("Go to cases"),
        "service:case_list",
        lambda user: access.can(user, access.VIEW, Case) and not roles.is_portal(user),
        keywords="cases tickets service desk complaints",
        order=68,
    )
