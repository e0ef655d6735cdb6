"""What every importer shares: row plans, error collection and the chunked run."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from catena.core.neutralise import neutralise
from catena.integrations.choices import ImportMode
from catena.integrations.readers import Table
from catena.parties.services import Errors

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ERRORS_KEPT = 200


@dataclass
class RowPlan:
    """What one row will do: create or update a record, or nothing because of its errors."""

    row: int
    values: dict[str, str]
    errors: Errors = field(default_factory=Errors)
    action: str = ""
    target: Any = None
    data: Any = None

    @property
    def ok(self) -> bool:
        return not self.errors.by_field


class Importer:
    """Validates chunks of rows (:meth:`plan`) and writes the valid ones (:meth:`write`)."""

    model: type[models.Model]

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        raise NotImplementedError

    def write(self, plans: Sequence[RowPlan]) -> None:
        raise NotImplementedError

    def check_mapping(self, mapped_fields: Iterable[str]) -> None:
        """Refuse columns the actor may not fill (e.g. a cost they may not read)."""


def check_lengths(
    model: type[models.Model], values: dict[str, Any], errors: Errors, names: dict[str, str]
) -> None:
    """Reject text longer than its database column (``names`` maps model field → column key)."""
    for model_field, key in names.items():
        value = values.get(model_field)
        if not isinstance(value, str):
            continue
        limit = model._meta.get_field(model_field).max_length  # type: ignore[union-attr]
        if limit and len(value) > limit:
            errors.add(key, _("At most %(limit)s characters.") % {"limit": limit})


class ErrorSink:
    """Counts rejected rows, keeps the first errors for the page and writes them all to a CSV."""

    def __init__(
        self, headers: Sequence[str], mapping: Sequence[str], labels: Mapping[str, str] | None = None
    ) -> None:
        # A field with no column of its own in the file (a required one left out) is named by its
        # label, in the user's language, rather than by its code.
        self.column_of = {**(labels or {}), **{f: h for h, f in zip(headers, mapping, strict=False) if f}}
        self.first: list[dict[str, Any]] = []
        self.count = 0
        self.raw: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
        self.file = io.TextIOWrapper(self.raw, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow([_("Row"), _("Column"), _("Field"), _("Reason"), _("Value")])

    def add(self, plan: RowPlan) -> None:
        for key, messages in plan.errors.by_field.items():
            column = self.column_of.get(key, "")
            value = plan.values.get(key, "")
            for message in messages:
                self.count += 1
                entry = {
                    "row": plan.row,
                    "column": column,
                    "field": key,
                    "message": message,
                    "value": value[:200],
                }
                if len(self.first) < ERRORS_KEPT:
                    self.first.append(entry)
                self.writer.writerow([neutralise(v) for v in (plan.row, column, key, message, value)])

    def add_message(self, message: str) -> None:
        self.count += 1
        if len(self.first) < ERRORS_KEPT:
            self.first.append({"row": 0, "column": "", "field": "", "message": message, "value": ""})
        self.writer.writerow(["", "", "", neutralise(message), ""])

    def binary(self) -> IO[bytes]:
        """The report so far as UTF-8 CSV with a BOM, rewound for reading."""
        self.file.flush()
        self.raw.seek(0)
        return self.raw

    def close(self) -> None:
        self.file.close()


@dataclass
class Outcome:
    total: int = 0
    processed: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    rolled_back: bool = False

    def counts(self) -> dict[str, int]:
        return {
            "processed": self.processed,
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
        }


class _RollBack(Exception):
    pass


def mapped_rows(table: Table, mapping: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    pairs = [(i, f) for i, f in enumerate(mapping) if f]
    for number, cells in table.rows():
        width = len(cells)
        yield number, {f: (cells[i] if i < width else "") for i, f in pairs}


def chunked(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def run(
    table: Table,
    mapping: Sequence[str],
    importer: Importer,
    sink: ErrorSink,
    *,
    commit: bool,
    mode: str,
    chunk_size: int = 2000,
    outcome: Outcome | None = None,
    skip_rows: int = 0,
    on_chunk: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Validate (and with ``commit`` write) every row, one chunk at a time.

    ``valid_rows`` commits each chunk in its own transaction together with the progress that
    ``on_chunk`` records, so an interrupted run resumes after the last committed chunk
    (``skip_rows``). ``all_or_nothing`` runs in one transaction, stops writing at the first
    rejected row and rolls everything back at the end if any row was rejected.
    """
    outcome = outcome or Outcome()
    importer.check_mapping(f for f in mapping if f)
    rows = mapped_rows(table, mapping)
    if skip_rows:
        # Rows committed before an interruption: validated again (for the error report and the
        # duplicate checks) but neither counted nor written twice.
        for chunk in chunked(islice(rows, skip_rows), chunk_size):
            for plan in importer.plan(chunk):
                if not plan.ok:
                    sink.add(plan)

    def process(chunk: list[tuple[int, dict[str, str]]], write: bool) -> None:
        plans = importer.plan(chunk)
        rejected = [p for p in plans if not p.ok]
        good = [p for p in plans if p.ok and p.action in (CREATE, UPDATE)]
        if write and (mode == ImportMode.VALID_ROWS or outcome.rejected + len(rejected) == 0):
            importer.write(good)
        # Counted only once the chunk is written, so that a failed chunk is not counted.
        for plan in rejected:
            sink.add(plan)
        outcome.rejected += len(rejected)
        outcome.created += sum(1 for p in good if p.action == CREATE)
        outcome.updated += sum(1 for p in good if p.action == UPDATE)
        outcome.processed += len(chunk)

    if not commit:
        for chunk in chunked(rows, chunk_size):
            process(chunk, write=False)
            if on_chunk:
                on_chunk(outcome)
        return outcome
    if mode == ImportMode.VALID_ROWS:
        for chunk in chunked(rows, chunk_size):
            with transaction.atomic():
                process(chunk, write=True)
                if on_chunk:
                    on_chunk(outcome)
        return outcome
    try:
        with transaction.atomic():
            for chunk in chunked(rows, chunk_size):
                process(chunk, write=True)
                if on_chunk:
                    on_chunk(outcome)
            if outcome.rejected:
                raise _RollBack
    except _RollBack:
        outcome.rolled_back = True
        outcome.created = outcome.updated = 0
    return outcome


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"": [str(m) for m in exc.messages]}
