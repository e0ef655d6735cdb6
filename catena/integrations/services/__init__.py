"""Use cases of import jobs: upload a file, map its columns, dry-run it, commit it.

The heavy work (:func:`validate_import_job`, :func:`run_import_job`) runs in a Celery task keyed
by the job id. Each claims the job with one conditional update, so a task delivered twice does
the work once; a job that is done or failed is never run again, and a commit interrupted by a
crash resumes after its last committed chunk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catena.accounts.models import User
from catena.catalog.models import Product
from catena.comms.models import Interaction
from catena.core import access, events
from catena.integrations import columns
from catena.integrations.choices import ImportKind, ImportMode, ImportStatus
from catena.integrations.importers import importer_for
from catena.integrations.importers.base import ErrorSink, Outcome, run, validation_messages
from catena.integrations.models import ImportJob
from catena.integrations.readers import ImportFileError, Table, open_table
from catena.parties.models import Party

logger = logging.getLogger(__name__)

MODELS: dict[str, type[models.Model]] = {
    ImportKind.PARTIES: Party,
    ImportKind.PRODUCTS: Product,
    ImportKind.INTERACTIONS: Interaction,
}
CHUNK_ROWS = 2000
# A worker refreshes the heartbeat after every chunk; a job whose heartbeat is older than this
# belongs to a worker that died, and the redelivered task takes it over.
LEASE = timedelta(minutes=5)
Progress = Callable[[int], None]
ALL_OR_NOTHING_BLOCKED = gettext_lazy(
    "The dry run rejected rows, so an all-or-nothing import would write nothing. "
    "Fix the file and upload it again."
)


def model_for(kind: str) -> type[models.Model]:
    return MODELS[kind]


def may_import(user: Any, kind: str) -> bool:
    return kind in MODELS and access.can(user, access.IMPORT, MODELS[kind])


def may_export(user: Any, kind: str) -> bool:
    return kind in MODELS and access.can(user, access.EXPORT, MODELS[kind])


def _ensure_job(actor: User | None, job: ImportJob) -> None:
    if actor is not None:
        access.ensure(actor, access.CHANGE, job)
        access.ensure(actor, access.IMPORT, model_for(job.kind))


def _move(job: ImportJob, status: str) -> None:
    if not job.may_move_to(status):
        raise ValidationError(
            _("This import is %(status)s and cannot do that now.") % {"status": job.get_status_display()},
            code="import.not_allowed_now",
        )
    job.status = status


@contextlib.contextmanager
def local_path(field: FieldFile) -> Iterator[Path]:
    """A path on this machine for a stored file (a temporary copy for remote storages)."""
    try:
        yield Path(field.path)
        return
    except NotImplementedError:
        pass
    suffix = Path(field.name or "").suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy, field.open("rb") as source:
        shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)


# --- upload and mapping --------------------------------------------------------------------------


def create_import_job(
    *,
    actor: User | None,
    kind: str,
    file: Any,
    filename: str,
    mode: str = ImportMode.VALID_ROWS,
    is_dry_run: bool = False,
    overrides: Mapping[str, str] | None = None,
) -> ImportJob:
    """Store an uploaded file, read its headers and suggest which field each column holds."""
    if kind not in MODELS:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("“%(value)s” is not one of the allowed values.") % {"value": kind},
                    code="invalid_choice",
                )
            }
        )
    if actor is not None:
        access.ensure(actor, access.IMPORT, MODELS[kind])
    if mode not in ImportMode.values:
        raise ValidationError(
            {
                "mode": ValidationError(
                    _("“%(value)s” is not one of the allowed values.") % {"value": mode},
                    code="invalid_choice",
                )
            }
        )
    size = getattr(file, "size", None)
    if size is not None and size > settings.CATENA_IMPORT_MAX_BYTES:
        limit = settings.CATENA_IMPORT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(limit)s MB.") % {"limit": limit}, code="file.too_large"
                )
            }
        )
    original = os.path.basename(filename or getattr(file, "name", "") or "upload")[:255]
    job = ImportJob(kind=kind, mode=mode, original_filename=original, is_dry_run=is_dry_run, created_by=actor)
    job.file.save(f"{uuid.uuid4().hex}{Path(original).suffix.lower()[:10]}", file, save=False)
    try:
        with local_path(job.file) as path:
            table = open_table(path, original)
            job.headers = table.headers
            job.total_rows = table.count_rows()
        job.mapping = columns.suggest_mapping(kind, job.headers)
        if overrides:
            job.mapping = columns.apply_overrides(kind, job.headers, job.mapping, overrides)
    except ImportFileError as exc:
        job.file.delete(save=False)
        raise ValidationError({"file": ValidationError(str(exc), code="import.unreadable_file")}) from exc
    except ValidationError:
        job.file.delete(save=False)
        raise
    job.save()
    return job


@transaction.atomic
def set_import_mapping(job: ImportJob, *, actor: User | None, mapping: Sequence[str]) -> ImportJob:
    """Choose the field of each column (``""`` ignores the column)."""
    _ensure_job(actor, job)
    if job.status not in (ImportStatus.PENDING, ImportStatus.VALIDATED):
        raise ValidationError(_("This import can no longer be changed."), code="import.not_allowed_now")
    job.mapping = columns.check_mapping(job.kind, job.headers, list(mapping))
    importer_for(job.kind, actor, job=job).check_mapping(f for f in job.mapping if f)
    job.status = ImportStatus.PENDING
    job.save(update_fields=["mapping", "status", "updated_at"])
    return job


def _reset_counts(job: ImportJob) -> None:
    job.processed_rows = job.created_count = job.updated_count = job.rejected_count = job.error_count = 0
    job.errors, job.message = [], ""
    job.heartbeat_at = job.started_at = job.finished_at = None


@transaction.atomic
def start_import_validation(job: ImportJob, *, actor: User | None, enqueue: bool = True) -> ImportJob:
    """Start the dry run: every row is checked, nothing is written."""
    _ensure_job(actor, job)
    columns.check_mapping(job.kind, job.headers, job.mapping)
    _move(job, ImportStatus.VALIDATING)
    _reset_counts(job)
    job.save()
    if enqueue:
        from catena.integrations.tasks import validate_import

        job_id = job.pk
        transaction.on_commit(lambda: validate_import.delay(job_id))
    return job


@transaction.atomic
def commit_import_job(job: ImportJob, *, actor: User | None, enqueue: bool = True) -> ImportJob:
    """Write the rows (the commit checks every row again: the data may have changed since)."""
    _ensure_job(actor, job)
    if job.is_dry_run:
        raise ValidationError(
            _("This was a dry run only; upload the file again to import it."), code="import.dry_run_only"
        )
    if job.status == ImportStatus.VALIDATED and job.mode == ImportMode.ALL_OR_NOTHING and job.rejected_count:
        raise ValidationError(ALL_OR_NOTHING_BLOCKED, code="import.rejected_rows")
    columns.check_mapping(job.kind, job.headers, job.mapping)
    _move(job, ImportStatus.IMPORTING)
    _reset_counts(job)
    job.save()
    if enqueue:
        from catena.integrations.tasks import run_import

        job_id = job.pk
        transaction.on_commit(lambda: run_import.delay(job_id))
    return job


# --- the work itself -------------------------------------------------------------------------


def _claim(job_id: int, status: str) -> ImportJob | None:
    """Take the job for this worker, unless it is not in ``status`` or another live worker has it."""
    now = timezone.now()
    claimed = (
        ImportJob.objects.filter(pk=job_id, status=status)
        .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - LEASE))
        .update(heartbeat_at=now, started_at=Coalesce("started_at", models.Value(now)))
    )
    return ImportJob.objects.select_related("created_by").get(pk=job_id) if claimed else None


def validate_import_job(job_id: int, *, progress: Progress | None = None) -> ImportJob | None:
    """The dry run of a job in ``validating``; a job in any other state is left alone."""
    job = _claim(job_id, ImportStatus.VALIDATING)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    return _execute(job, commit=False, progress=progress)


def run_import_job(job_id: int, *, progress: Progress | None = None) -> ImportJob | None:
    """The commit of a job in ``importing``; done and failed jobs are never run again."""
    job = _claim(job_id, ImportStatus.IMPORTING)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    return _execute(job, commit=True, progress=progress)


def _execute(job: ImportJob, *, commit: bool, progress: Progress | None) -> ImportJob:
    actor = job.created_by
    outcome = Outcome(total=job.total_rows)
    skip = 0
    if commit and job.mode == ImportMode.VALID_ROWS and job.processed_rows:
        skip = job.processed_rows
        outcome.processed, outcome.created = job.processed_rows, job.created_count
        outcome.updated, outcome.rejected = job.updated_count, job.rejected_count

    def on_chunk(state: Outcome) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=state.processed,
            created_count=state.created,
            updated_count=state.updated,
            rejected_count=state.rejected,
            heartbeat_at=timezone.now(),
        )
        if progress is not None:
            progress(state.processed)

    labels = {column.key: str(column.label) for column in columns.columns_for(job.kind)}
    sink = ErrorSink(job.headers, job.mapping, labels)
    failure = ""
    try:
        with local_path(job.file) as path:
            table: Table = open_table(path, job.original_filename)
            if table.headers != job.headers:
                raise ImportFileError(_("The file's columns have changed since it was uploaded."))
            outcome = run(
                table,
                job.mapping,
                importer_for(job.kind, actor, job=job),
                sink,
                commit=commit,
                mode=job.mode,
                chunk_size=CHUNK_ROWS,
                outcome=outcome,
                skip_rows=skip,
                on_chunk=on_chunk,
            )
    except ImportFileError as exc:
        failure = str(exc)
    except ValidationError as exc:
        failure = " ".join(m for ms in validation_messages(exc).values() for m in ms)
    except access.PermissionDenied:
        failure = _("You may not import this kind of record.")
    except IntegrityError:
        logger.warning("import job %s clashed with a concurrent change", job.pk, exc_info=True)
        failure = _(
            "Someone changed the same records while the import ran. Run the import again: rows already "
            "written will be updated, not duplicated."
        )
    except Exception:
        logger.exception("import job %s failed", job.pk)
        failure = _("The import stopped because of an unexpected error; nothing more was written.")
        if not commit or job.mode == ImportMode.ALL_OR_NOTHING:
            outcome.created = outcome.updated = 0
    try:
        return _finish(job, outcome, sink, commit=commit, failure=failure)
    finally:
        sink.close()


@transaction.atomic
def _finish(job: ImportJob, outcome: Outcome, sink: ErrorSink, *, commit: bool, failure: str) -> ImportJob:
    job.refresh_from_db(fields=["status"])
    job.processed_rows = outcome.processed
    job.created_count, job.updated_count, job.rejected_count = (
        outcome.created,
        outcome.updated,
        outcome.rejected,
    )
    job.errors, job.error_count = sink.first, sink.count
    job.finished_at = timezone.now()
    job.heartbeat_at = None
    if job.error_report:
        job.error_report.delete(save=False)
    if sink.count:
        job.error_report.save(f"import-{job.pk}-errors.csv", File(sink.binary()), save=False)
    if failure:
        job.status, job.message = ImportStatus.FAILED, failure
    elif not commit:
        job.status = ImportStatus.VALIDATED
    elif outcome.rolled_back:
        job.status = ImportStatus.FAILED
        job.message = _(
            "Nothing was imported: %(count)s rows were rejected and the mode is all or nothing."
        ) % {"count": outcome.rejected}
    else:
        job.status = ImportStatus.DONE
    job.save()
    if commit:
        name = "import.completed" if job.status == ImportStatus.DONE else "import.failed"
        events.emit(
            name,
            job,
            actor=job.created_by,
            payload={
                "kind": job.kind,
                "mode": job.mode,
                "rows": job.processed_rows,
                "created": job.created_count,
                "updated": job.updated_count,
                "rejected": job.rejected_count,
            },
        )
    return job


@transaction.atomic
def abandon_import_job(job: ImportJob, *, actor: User | None, reason: str) -> ImportJob:
    """Give up a job that never ran (e.g. its columns cannot be mapped); nothing was written."""
    _ensure_job(actor, job)
    _move(job, ImportStatus.FAILED)
    job.message = reason
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return job
