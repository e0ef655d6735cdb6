"""The Celery tasks are idempotent: a job is done once, however often its task is delivered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from catena.integrations import services, tasks
from catena.integrations.choices import ImportStatus
from catena.integrations.importers.parties import PartyImporter
from catena.integrations.models import ImportJob
from catena.integrations.tests.factories import party_row
from catena.parties.models import Party

pytestmark = pytest.mark.django_db


def _uploaded(data: bytes, actor=None) -> ImportJob:
    job = services.create_import_job(
        actor=actor, kind="parties", file=ContentFile(data, name="a.csv"), filename="a.csv"
    )
    return services.set_import_mapping(job, actor=actor, mapping=job.mapping)


def test_commit_is_enqueued_on_commit_and_a_second_delivery_does_nothing(
    party_file, manager, django_capture_on_commit_callbacks
):
    job = _uploaded(party_file([party_row(1), party_row(2)]), manager)

    with django_capture_on_commit_callbacks(execute=True):
        services.commit_import_job(job, actor=manager)
        assert Party.objects.count() == 0  # the task waits for the transaction to commit

    again = tasks.run_import.delay(job.pk).get()

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and again == ImportStatus.DONE
    assert job.created_count == 2 and Party.objects.count() == 2


def test_validation_task_leaves_a_job_that_is_not_validating_alone(party_file, manager):
    job = _uploaded(party_file([party_row(1)]), manager)

    result = tasks.validate_import.delay(job.pk).get()

    job.refresh_from_db()
    assert result == ImportStatus.PENDING and job.processed_rows == 0


def test_job_held_by_a_live_worker_is_not_run_twice(party_file, manager):
    job = _uploaded(party_file([party_row(1)]), manager)
    services.commit_import_job(job, actor=manager, enqueue=False)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    services.run_import_job(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING and Party.objects.count() == 0


def test_commit_interrupted_by_a_crash_resumes_after_the_last_committed_chunk(
    party_file, manager, monkeypatch
):
    # given a file of four rows imported two rows per chunk, and a worker that dies in chunk two
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    job = _uploaded(party_file([party_row(n) for n in range(1, 5)]), manager)
    services.commit_import_job(job, actor=manager, enqueue=False)
    original_write = PartyImporter.write
    calls = {"n": 0}

    def dying_write(self, plans):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return original_write(self, plans)

    monkeypatch.setattr(PartyImporter, "write", dying_write)
    with pytest.raises(SystemExit):
        services.run_import_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, Party.objects.count()) == (ImportStatus.IMPORTING, 2, 2)

    # when the task is delivered again after the lease ran out
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    services.run_import_job(job.pk)

    # then the remaining rows are imported once, and nothing is duplicated
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and (job.created_count, job.processed_rows) == (4, 4)
    assert Party.objects.count() == 4
