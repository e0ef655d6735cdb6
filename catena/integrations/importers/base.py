"""What every importer shares: row plans, error collection and the chunked run."""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection, connections, models, transaction
from django.utils.translation import gettext as _

from catena.core.neutralise import neutralise
from catena.core.validation import Errors
from catena.integrations.choices import ImportMode
from catena.integrations.readers import Table

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
    # True when write() needs nothing from the importer that plan() of a later chunk changes, so
    # that run() may write a chunk on a second thread while it checks the next (PostgreSQL).
    writes_in_background = False

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        raise NotImplementedError

    def write(self, plans: Sequence[RowPlan]) -> None:
        raise NotImplementedError

    def prepare(self, plans: Sequence[RowPlan]) -> Any:
        """Work of :meth:`write` that writes nothing (building rows), done by the checking thread
        before a chunk goes to the writer thread; passed to :meth:`write_prepared`."""
        return None

    def write_prepared(self, plans: Sequence[RowPlan], prepared: Any) -> None:
        self.write(plans)

    def check_mapping(self, mapped_fields: Iterable[str]) -> None:
        """Refuse columns the actor may not fill (e.g. a cost they may not read)."""


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
        self.writer.writerow([_("Row"), _("Column"), _("Field"), _("Code"), _("Reason"), _("Value")])

    def add(self, plan: RowPlan) -> None:
        for key, messages in plan.errors.by_field.items():
            column = self.column_of.get(key, "")
            value = plan.values.get(key, "")
            for message, code in zip(messages, plan.errors.codes[key], strict=True):
                self.count += 1
                entry = {
                    "row": plan.row,
                    "column": column,
                    "field": key,
                    "code": code,
                    "message": message,
                    "value": value[:200],
                }
                if len(self.first) < ERRORS_KEPT:
                    self.first.append(entry)
                self.writer.writerow([neutralise(v) for v in (plan.row, column, key, code, message, value)])

    def add_message(self, message: str) -> None:
        self.count += 1
        if len(self.first) < ERRORS_KEPT:
            self.first.append(
                {"row": 0, "column": "", "field": "", "code": "", "message": message, "value": ""}
            )
        self.writer.writerow(["", "", "", "", neutralise(message), ""])

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
    if mode == ImportMode.VALID_ROWS and _may_write_in_background(importer):
        return _run_overlapped(rows, importer, sink, outcome, chunk_size=chunk_size, on_chunk=on_chunk)
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


# --- writing chunks while checking the next ----------------------------------------------------
#
# On PostgreSQL most of a committed chunk's time is the server's (trigram index, B-trees, history,
# foreign-key checks at commit) and most of a chunk's check is Python's. So writer threads, each
# with its own connection, write chunks N and N+1 while this thread checks chunk N+2
# (docs/adr/0006-party-list-speed.md). Each chunk is written in its own transaction with the
# progress that ``on_chunk`` records, and commits only after the chunk before it has: chunks
# commit one at a time and in order, and a failed chunk takes the one after it down too. A
# chunk's rejected rows and counts join the outcome once it has committed, so an interrupted or
# failed run reports what the one-thread run would. Chunks written at the same time touch
# different rows (a file's rows name each party once); tags are created beforehand by
# ``Importer.prepare``, and a lock wait ends with an error rather than hanging.

WRITERS = 2
GIL_SWITCH_INTERVAL = 0.0005  # seconds: a writer, woken by the server, waits at most this long
WRITER_LOCK_TIMEOUT = "120s"


class _SwitchInterval:
    """The interpreter's thread switch interval is one setting for the whole process: the first
    overlapped import to start lowers it and the last to end puts it back, so that two imports in
    one worker process never leave it lowered."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.users = 0
        self.saved = 0.0

    def enter(self) -> None:
        with self.lock:
            if self.users == 0:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self.saved, self.interval))
            self.users += 1

    def leave(self) -> None:
        with self.lock:
            self.users -= 1
            if self.users == 0:
                sys.setswitchinterval(self.saved)


_short_switch_interval = _SwitchInterval(GIL_SWITCH_INTERVAL)


@dataclass
class _Written:
    future: Future[None]
    rejected: list[RowPlan]
    counts: Outcome


def _may_write_in_background(importer: Importer) -> bool:
    # SQLite has one writer; inside an outer transaction (all or nothing, a test) a second
    # connection would neither see nor be undone with it.
    return bool(
        importer.writes_in_background and connection.vendor == "postgresql" and not connection.in_atomic_block
    )


def _run_overlapped(
    rows: Iterator[tuple[int, dict[str, str]]],
    importer: Importer,
    sink: ErrorSink,
    outcome: Outcome,
    *,
    chunk_size: int,
    on_chunk: Callable[[Outcome], None] | None,
) -> Outcome:
    planned = replace(outcome)  # the counts as they will be once every submitted chunk commits
    pending: deque[_Written] = deque()

    def settle() -> None:
        written = pending.popleft()
        written.future.result()  # re-raises the writer's error
        for plan in written.rejected:
            sink.add(plan)
        for name in ("processed", "created", "updated", "rejected"):
            setattr(outcome, name, getattr(written.counts, name))

    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="catena-import-writer") as writers:
        _short_switch_interval.enter()
        try:
            for chunk in chunked(rows, chunk_size):
                plans = importer.plan(chunk)
                rejected = [p for p in plans if not p.ok]
                good = [p for p in plans if p.ok and p.action in (CREATE, UPDATE)]
                planned.rejected += len(rejected)
                planned.created += sum(1 for p in good if p.action == CREATE)
                planned.updated += sum(1 for p in good if p.action == UPDATE)
                planned.processed += len(chunk)
                prepared = importer.prepare(good) if good else None
                while len(pending) >= WRITERS:
                    settle()
                previous = pending[-1].future if pending else None
                future = writers.submit(
                    _write_chunk, importer, good, prepared, replace(planned), on_chunk, previous
                )
                pending.append(_Written(future, rejected, replace(planned)))
            while pending:
                settle()
        finally:
            # This thread failed: the chunks being written end first, and count if they committed.
            wait([w.future for w in pending])
            while pending and pending[0].future.exception() is None:
                settle()
            pending.clear()
            _short_switch_interval.leave()
            _close_connections(writers)
    return outcome


def _write_chunk(
    importer: Importer,
    plans: list[RowPlan],
    prepared: Any,
    counts: Outcome,
    on_chunk: Callable[[Outcome], None] | None,
    previous: Future[None] | None,
) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [WRITER_LOCK_TIMEOUT])
        if plans:
            importer.write_prepared(plans, prepared)
        if previous is not None:
            previous.result()  # commit after the chunk before; if it failed, roll back
        if on_chunk:
            on_chunk(counts)


def _close_connections(pool: ThreadPoolExecutor) -> None:
    """Close the database connection of each writer thread (one task per thread, held at a
    barrier until every thread has taken one)."""
    barrier = threading.Barrier(WRITERS)

    def close() -> None:
        barrier.wait(timeout=60)
        connections.close_all()

    for future in [pool.submit(close) for _thread in range(WRITERS)]:
        future.result()


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"": [str(m) for m in exc.messages]}
