"""``catena import KIND FILE``: import a CSV or .xlsx file from the command line."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from catena.accounts.models import User
from catena.core import access
from catena.integrations import services
from catena.integrations.choices import ImportKind, ImportMode, ImportStatus
from catena.integrations.models import ImportJob


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Import parties, products or interactions from a CSV or .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.VALID_ROWS)
        parser.add_argument("--dry-run", action="store_true", help="Check every row, write nothing.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="Map a column to a field (repeatable); HEADER= ignores the column.",
        )
        parser.add_argument("--user", help="Import as this user (their rights apply; history names them).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user called {options['user']!r}.")
        overrides = {}
        for item in options["map"]:
            header, sep, field = item.partition("=")
            if not sep:
                raise CommandError(f"--map expects HEADER=FIELD, got {item!r}.")
            overrides[header] = field
        try:
            with path.open("rb") as handle:
                job = services.create_import_job(
                    actor=user,
                    kind=options["kind"],
                    file=File(handle, name=path.name),
                    filename=path.name,
                    mode=options["mode"],
                    is_dry_run=options["dry_run"],
                    overrides=overrides,
                )
        except ValidationError as exc:
            raise CommandError(f"Cannot import {path.name}: {_messages(exc)}") from exc
        except access.PermissionDenied as exc:
            raise CommandError(f"{user} may not import {options['kind']}.") from exc
        try:
            services.set_import_mapping(job, actor=user, mapping=job.mapping)
        except ValidationError as exc:
            services.abandon_import_job(job, actor=user, reason=_messages(exc))
            raise CommandError(f"Cannot import {path.name}: {_messages(exc)}") from exc
        self._describe_mapping(job, options["verbosity"])
        job = self._run(job, user, dry_run=options["dry_run"], quiet=options["verbosity"] == 0)
        self._report(job, dry_run=options["dry_run"])

    def _describe_mapping(self, job: ImportJob, verbosity: int) -> None:
        if int(verbosity) < 2:
            return
        for header, field in zip(job.headers, job.mapping, strict=False):
            self.stdout.write(f"  {header!r} -> {field or '(ignored)'}")

    def _run(self, job: ImportJob, user: User | None, *, dry_run: bool, quiet: bool) -> ImportJob:
        bar = tqdm(total=job.total_rows, unit="rows", file=sys.stderr, disable=quiet, dynamic_ncols=True)

        def progress(done: int) -> None:
            bar.update(done - bar.n)

        try:
            if dry_run:
                services.start_import_validation(job, actor=user, enqueue=False)
                result = services.validate_import_job(job.pk, progress=progress)
            else:
                services.commit_import_job(job, actor=user, enqueue=False)
                result = services.run_import_job(job.pk, progress=progress)
        finally:
            bar.close()
        assert result is not None
        return result

    def _report(self, job: ImportJob, *, dry_run: bool) -> None:
        if dry_run:
            counts = f"would create {job.created_count}, would update {job.updated_count}"
            rows = f"{job.processed_rows} rows"
            summary = f"Dry run of {job.original_filename}: {rows}, {counts}, rejected {job.rejected_count}."
        else:
            summary = (
                f"Imported {job.original_filename}: {job.processed_rows} rows, created {job.created_count}, "
                f"updated {job.updated_count}, rejected {job.rejected_count}."
            )
        self.stdout.write(summary)
        if job.error_report:
            with job.error_report.open("rb") as handle:
                reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
                next(reader, None)
                for row, column, field, reason, value in reader:
                    where = f"row {row}" if row else "file"
                    label = f"{column} ({field})" if column and column != field else field
                    shown = f" [{value}]" if value else ""
                    self.stdout.write(f"  {where}, {label}: {reason}{shown}")
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.message or "The import failed.")
        if job.rejected_count and job.mode == ImportMode.ALL_OR_NOTHING:
            raise CommandError(
                f"{job.rejected_count} rows were rejected; nothing was imported (all or nothing)."
            )
