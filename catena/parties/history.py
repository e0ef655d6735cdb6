"""The field-level audit trail of a party for the API, read from django-simple-history.

Each entry says who changed what, when, on the party itself or on one of its contacts,
addresses and contact points (deleted ones included), with every changed field's old and new
*stored* value (codes and ids, not labels: ``catena.core.history`` renders the same trail for
people). A fixed number of queries whatever the length of the trail: one per tracked model and
one for the usernames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from catena.accounts.models import User
from catena.parties.models import Address, Contact, ContactPoint, Party

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping columns that say nothing to a reader of the trail.
HIDDEN_FIELDS = frozenset({"id", "party", "created_at", "updated_at", "search_text", "role_mask"})
# Most recent history rows read per kind of record: the trail of one party, not the whole table.
MAX_ROWS_PER_KIND = 2000


@dataclass
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass
class HistoryEntry:
    at: datetime
    user: str | None
    object_type: str
    object_id: int
    object_label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    order: tuple[Any, ...] = ()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def _entries_for(
    model: type[models.Model], object_type: str, rows: list[Any], usernames: dict[int, str]
) -> list[HistoryEntry]:
    fields = [f for f in model.history.model.tracked_fields if f.name not in HIDDEN_FIELDS]  # type: ignore[attr-defined]
    previous: dict[int, Any] = {}
    entries = []
    # Oldest first, so that each row is compared with the one before it for the same record.
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(row.id)
        changes = []
        # A change whose predecessor fell outside the window read has no known old values.
        if row.history_type == "+" or (row.history_type == "~" and before is not None):
            for f in fields:
                new = getattr(row, f.attname)
                old = getattr(before, f.attname) if before is not None else None
                if before is None and new in (None, "", False, {}, []):
                    continue
                if before is not None and old == new:
                    continue
                changes.append(FieldChange(field=f.name, old=_text(old), new=_text(new)))
        previous[row.id] = row
        if row.history_type == "~" and before is not None and not changes:
            continue  # a save that changed nothing tracked
        entries.append(
            HistoryEntry(
                at=row.history_date,
                user=usernames.get(row.history_user_id) if row.history_user_id else None,
                object_type=object_type,
                object_id=row.id,
                object_label=str(getattr(row, "name", "") or row.instance),
                action=ACTIONS.get(row.history_type, "changed"),
                changes=changes,
                order=(row.history_date, object_type, row.history_id),
            )
        )
    return entries


def _recent(qs: models.QuerySet[Any]) -> list[Any]:
    rows = list(qs.order_by("-history_date", "-history_id")[:MAX_ROWS_PER_KIND])
    rows.reverse()
    return rows


def party_history(party: Party) -> list[HistoryEntry]:
    """Every recorded change of ``party`` and its parts, newest first. The caller checks access."""
    sources: list[tuple[type[models.Model], str, list[Any]]] = [
        (Party, "party", _recent(Party.history.filter(id=party.pk))),
        (Contact, "contact", _recent(Contact.history.filter(party_id=party.pk))),
        (Address, "address", _recent(Address.history.filter(party_id=party.pk))),
        (
            ContactPoint,
            "contact_point",
            _recent(ContactPoint.history.filter(party_id=party.pk)),
        ),
    ]
    user_ids = {r.history_user_id for _m, _t, rows in sources for r in rows if r.history_user_id}
    usernames = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "username")) if user_ids else {}
    entries = [e for model, kind, rows in sources for e in _entries_for(model, kind, rows, usernames)]
    entries.sort(key=lambda e: e.order, reverse=True)
    return entries
