"""A committed import on PostgreSQL writes each chunk on a second connection while it checks the
next one. These tests run outside a test transaction, so that the second connection sees and
keeps what they write, and expect exactly what the one-thread run gives (the run on SQLite)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Sequence

import pytest
from django.db import connection

from catena.core.models import Event
from catena.integrations import services as import_services
from catena.integrations.choices import ImportMode, ImportStatus
from catena.integrations.importers.base import CREATE, ErrorSink, Importer, Outcome, RowPlan, run
from catena.integrations.readers import Table
from catena.integrations.tests.factories import PARTY_HEADERS_ZH, csv_bytes, make_uscc, party_row
from catena.parties.choices import roles_in_mask
from catena.parties.models import Party, PartyRole, Tag

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_committed_import_in_small_chunks_writes_every_valid_row_once(
    run_import, party_file, manager, monkeypatch
):
    monkeypatch.setattr(import_services, "CHUNK_ROWS", 3)
    rows = [party_row(n, roles="客户、零售商" if n % 2 else "供应商") for n in range(1, 11)]
    rows[4] = party_row(5, uscc="91440300ABCDEFGH")  # a bad credit code in the second chunk

    job = run_import(party_file(rows), actor=manager)

    assert job.status == ImportStatus.DONE
    assert (job.processed_rows, job.created_count, job.rejected_count) == (10, 9, 1)
    assert [e["row"] for e in job.errors] == [6]  # the header is row 1
    assert Party.objects.count() == 9 and not Party.objects.filter(uscc=make_uscc(5)).exists()
    for party in Party.objects.all():
        stored = sorted(PartyRole.objects.filter(party=party).values_list("role", flat=True))
        assert roles_in_mask(party.role_mask) == stored
        assert party.history.count() == 1


def test_chunks_written_on_other_connections_announce_their_parties_once_each(
    run_import, party_file, manager, monkeypatch
):
    monkeypatch.setattr(import_services, "CHUNK_ROWS", 3)
    rows = [party_row(n) for n in range(1, 11)]
    rows[4] = party_row(5, uscc="91440300ABCDEFGH")  # rejected: not announced

    job = run_import(party_file(rows), actor=manager)

    announced = list(Event.objects.filter(name="party.imported").order_by("id"))
    assert job.created_count == 9 and len(announced) == 4  # chunks of 3, 3, 3 and 1 rows
    created = [pk for event in announced for pk in event.payload["created"]]
    assert sorted(created) == sorted(Party.objects.values_list("pk", flat=True))
    assert {event.subject_id for event in announced} == {str(job.pk)}


def test_chunks_written_at_the_same_time_share_new_tags_and_update_stored_parties(
    run_import, manager, monkeypatch
):
    monkeypatch.setattr(import_services, "CHUNK_ROWS", 2)
    stored = Party.objects.create(name="已有公司", uscc=make_uscc(3), external_id="ERP-3")
    header = [*PARTY_HEADERS_ZH, "标签"]
    rows = [[*party_row(n), "华南、新客户"] for n in range(1, 9)]

    job = run_import(csv_bytes([header, *rows]), actor=manager)

    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 7, 1)
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["华南", "新客户"]
    assert all(sorted(p.tag_names) == ["华南", "新客户"] for p in Party.objects.all())
    stored.refresh_from_db()
    assert stored.name == "深圳市测试3电子有限公司" and stored.role_list == ["customer", "supplier"]


class ListTable(Table):
    def __init__(self, names: Sequence[str]) -> None:
        self.headers, self.description, self.names = ["name"], "", names

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for number, name in enumerate(self.names, start=2):
            yield number, [name]


class TagImporter(Importer):
    """Writes a tag per row; a row named "bad" is rejected, a chunk with "boom" fails to write."""

    model = Tag
    writes_in_background = True
    threads: set[str] = set()

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        plans = []
        for number, values in rows:
            plan = RowPlan(row=number, values=values, action=CREATE)
            if values["name"] == "bad":
                plan.errors.add("name", "bad name")
            plans.append(plan)
        return plans

    def write(self, plans: Sequence[RowPlan]) -> None:
        TagImporter.threads.add(threading.current_thread().name)
        Tag.objects.bulk_create([Tag(name=p.values["name"]) for p in plans])
        if any(p.values["name"] == "boom" for p in plans):
            raise RuntimeError("the chunk could not be written")


def run_tags(names: Sequence[str]) -> tuple[Outcome, ErrorSink, list[int]]:
    sink = ErrorSink(["name"], ["name"])
    progress: list[int] = []
    outcome = Outcome(total=len(names))
    with contextlib.suppress(RuntimeError):
        run(
            ListTable(names),
            ["name"],
            TagImporter(actor=None),
            sink,
            commit=True,
            mode=ImportMode.VALID_ROWS,
            chunk_size=2,
            outcome=outcome,
            on_chunk=lambda state: progress.append(state.processed),
        )
    return outcome, sink, progress


def test_a_failed_chunk_keeps_the_chunks_committed_before_it_and_nothing_after():
    outcome, sink, progress = run_tags(["a", "bad", "c", "d", "e", "boom", "g", "h"])

    assert sorted(Tag.objects.values_list("name", flat=True)) == ["a", "c", "d"]
    assert (outcome.processed, outcome.created, outcome.rejected) == (4, 3, 1)
    assert progress == [2, 4]
    assert [e["row"] for e in sink.first] == [3]
    sink.close()


def test_the_writer_thread_leaves_no_connection_open():
    before = _backends()

    outcome, sink, _progress = run_tags([f"tag{n}" for n in range(7)])

    assert outcome.created == 7 and Tag.objects.count() == 7
    assert _backends_settle_at(before)
    on_postgresql = connection.vendor == "postgresql"
    assert any(name.startswith("catena-import-writer") for name in TagImporter.threads) == on_postgresql
    sink.close()


def _backends_settle_at(expected: int) -> bool:
    """The server ends a closed connection's backend a moment after the client left."""
    for _attempt in range(50):
        if _backends() <= expected:
            return True
        time.sleep(0.1)
    return False


def _backends() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])
