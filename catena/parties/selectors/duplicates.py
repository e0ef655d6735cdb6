"""Parties a new one may duplicate: the same name, credit code, phone or e-mail.

Before a party is created, the page and the API look here and warn, naming the parties found
(full entity resolution, with fuzzy names and merges, comes later). Only parties the user may
see are named: a warning must not reveal a competitor's customer to a salesperson.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from catena.core import access
from catena.parties import errors as party_errors
from catena.parties.choices import PHONE_KINDS, ContactPointKind
from catena.parties.models import ContactPoint, Party
from catena.parties.validation import clean_contact_point, clean_uscc

LIMIT = 5


@dataclass
class PossibleDuplicate:
    party: Party
    reasons: list[str] = field(default_factory=list)  # "name", "uscc", "phone", "email"


def _points(arguments: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield from arguments.get("contact_points") or ()
    for contact in arguments.get("contacts") or ():
        yield from contact.get("contact_points") or ()


def _normalised(kind: str, value: Any) -> str | None:
    try:
        return clean_contact_point(kind, str(value or ""))
    except ValidationError:
        return None


def possible_duplicates(
    user: Any, arguments: Mapping[str, Any], *, limit: int = LIMIT
) -> list[PossibleDuplicate]:
    """The parties ``user`` may see that share an identifying detail with ``arguments`` (the
    keyword arguments of ``create_party``), those sharing most first."""
    name = str(arguments.get("name") or "").strip()
    uscc = None
    if arguments.get("uscc"):
        try:
            uscc = clean_uscc(str(arguments["uscc"]))
        except ValidationError:
            uscc = None
    phones: set[str] = set()
    emails: set[str] = set()
    for point in _points(arguments):
        kind = str(point.get("kind", ""))
        if kind in PHONE_KINDS and (value := _normalised(kind, point.get("value"))):
            phones.add(value)
        elif kind == ContactPointKind.EMAIL and (value := _normalised(kind, point.get("value"))):
            emails.add(value)
    if not (name or uscc or phones or emails):
        return []

    # Each lookup uses its own index (name, uscc, contact points by kind and value).
    by_point: dict[int, set[str]] = {}
    if phones or emails:
        matches = Q(kind__in=list(PHONE_KINDS), value__in=sorted(phones)) if phones else Q(pk__in=[])
        if emails:
            matches |= Q(kind=ContactPointKind.EMAIL, value__in=sorted(emails))
        for party_id, kind in ContactPoint.objects.filter(matches).values_list("party_id", "kind")[:200]:
            by_point.setdefault(party_id, set()).add("email" if kind == ContactPointKind.EMAIL else "phone")
    wanted = Q(pk__in=sorted(by_point)) if by_point else Q(pk__in=[])
    if name:
        wanted |= Q(name=name)
    if uscc:
        wanted |= Q(uscc=uscc)
    found = []
    for party in Party.objects.for_user(user, access.VIEW).filter(wanted).order_by("name", "id")[:50]:
        reasons = []
        if name and party.name == name:
            reasons.append("name")
        if uscc and party.uscc == uscc:
            reasons.append("uscc")
        reasons += sorted(by_point.get(party.pk, ()))
        found.append(PossibleDuplicate(party=party, reasons=reasons))
    found.sort(key=lambda d: -len(d.reasons))
    return found[:limit]


DUPLICATE_FIELDS = {"name": "name", "uscc": "uscc", "phone": "contact_points", "email": "contact_points"}


def duplicate_refusal(user: Any, arguments: dict[str, Any]) -> dict[str, Any] | None:
    """The 409 body when ``arguments`` look like parties ``user`` may see, else None. A credit
    code already taken is left to the service, which refuses it outright (422 `party.uscc_taken`)."""
    found = possible_duplicates(user, arguments)
    if not found or any("uscc" in each.reasons for each in found):
        return None
    return _body(found)


def _body(found: list[PossibleDuplicate]) -> dict[str, Any]:
    code = party_errors.POSSIBLE_DUPLICATE
    reasons = sorted({reason for each in found for reason in each.reasons})
    return {
        "code": code.code,
        "detail": str(code.message),
        "errors": [
            {"field": DUPLICATE_FIELDS[reason], "message": str(code.message), "code": code.code}
            for reason in reasons
        ],
        "existing": [each.party.pk for each in found],
    }
