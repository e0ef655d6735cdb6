"""Readable field history from django-simple-history records: who changed what, when, old → new.

Pages show the newest changes of a record and of the records hanging off it. Each record is
compared with the one before it for the same object through ``diff_against``; the records are
read in one query per history table, with their users, and foreign keys are resolved to names
in one query per related table, so the cost does not grow with the number of changes shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

IGNORED = frozenset({"id", "created_at", "updated_at", "search_text"})


def save_with_history(
    instance: models.Model,
    *,
    actor: Any,
    update_fields: Iterable[str] | None = None,
    force_insert: bool = False,
    clean: bool = False,
) -> None:
    """Save ``instance`` so that its history record names ``actor`` (simple-history reads
    ``_history_user``). ``clean`` runs the model's own field checks first."""
    instance._history_user = actor  # type: ignore[attr-defined]
    if clean:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save(update_fields=update_fields, force_insert=force_insert)


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    user: Any
    kind: str  # "+", "~" or "-"
    model_label: str
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)
    has_earlier: bool = True

    @property
    def action(self) -> str:
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[self.kind]


def _display(model_field: models.Field, value: Any, names: dict[tuple[type, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list):
        return (
            ", ".join(f"{k}: {v}" for k, v in value.items())
            if isinstance(value, dict)
            else ", ".join(map(str, value))
        )
    return str(value)


def _foreign_names(model: type[models.Model], records: list[Any]) -> dict[tuple[type, Any], str]:
    """``(related model, pk) → str`` for every foreign key value in ``records``, one query per table."""
    wanted: dict[Any, set[Any]] = {}
    for model_field in model._meta.fields:
        if isinstance(model_field, models.ForeignKey) and model_field.name not in IGNORED:
            ids = {getattr(r, model_field.attname) for r in records} - {None}
            if ids:
                wanted.setdefault(model_field.related_model, set()).update(ids)
    names: dict[tuple[type, Any], str] = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            label = getattr(obj, "display_name", None) or str(obj)
            names[(related, obj.pk)] = label
    return names


def history_entries(
    records: Iterable[models.QuerySet[Any]],
    *,
    limit: int = 100,
    hidden: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[HistoryEntry]:
    """The newest ``limit`` changes across the history querysets ``records``, newest first.

    ``hidden`` names fields whose values the reader may not see (their changes are left out);
    ``skip`` names fields not worth showing (the parent key of a child record).
    """
    leave_out = IGNORED | set(hidden) | set(skip)
    entries: list[HistoryEntry] = []
    for queryset in records:
        # Twice the limit so that most shown records also have their predecessor at hand.
        rows = list(
            queryset.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 2]
        )
        if not rows:
            continue
        model = queryset.model.instance_type
        names = _foreign_names(model, rows)
        fields = {f.name: f for f in model._meta.fields if f.name not in leave_out}
        pk_name = model._meta.pk.attname
        by_object: dict[Any, list[Any]] = {}
        for row in rows:
            by_object.setdefault(getattr(row, pk_name), []).append(row)
        for versions in by_object.values():
            for index, row in enumerate(versions):
                previous = versions[index + 1] if index + 1 < len(versions) else None
                entry = _entry(model, row, previous, fields, names)
                # A save that changed nothing the reader may see is not worth a line.
                if not (entry.kind == "~" and entry.has_earlier and not entry.changes):
                    entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _entry(
    model: type[models.Model],
    row: Any,
    previous: Any,
    fields: dict[str, models.Field],
    names: dict[tuple[type, Any], str],
) -> HistoryEntry:
    entry = HistoryEntry(
        when=row.history_date,
        user=row.history_user,
        kind=row.history_type,
        model_label=str(model._meta.verbose_name),
        object_label=str(row.instance),
    )
    if row.history_type == "+":
        for name, model_field in fields.items():
            value = getattr(row, model_field.attname)
            if value not in (None, "", False, {}, []):
                label = str(model_field.verbose_name)
                entry.changes.append(FieldChange(name, label, "—", _display(model_field, value, names)))
    elif row.history_type == "~":
        if previous is None:
            entry.has_earlier = False
        else:
            delta = row.diff_against(previous, included_fields=list(fields))
            for change in delta.changes:
                model_field = fields[change.field]
                entry.changes.append(
                    FieldChange(
                        change.field,
                        str(model_field.verbose_name),
                        _display(model_field, change.old, names),
                        _display(model_field, change.new, names),
                    )
                )
    return entry
