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
from django.utils.translation import gettext as _
from tqdm import tqdm

from catena.accounts.models import User
from catena.core import access
from catena.integrations import services
from catena.integrations.choices import ImportKind, ImportMode, ImportStatus
from catena.integrations.models import ImportJob


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Import parties, products or interactions from a CSV or .xlsx file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.VALID_ROWS)
        parser.add_argument("--dry-run", action="store_true", help=_("Check every row, write nothing."))
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help=_("Map a column to a field (repeatable); HEADER= ignores the column."),
        )
        parser.add_argument("--user", help=_("Import as this user (their rights apply; history names them)."))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(_("No active user called %(name)r.") % {"name": options["user"]})
        overrides = {}
        for item in options["map"]:
            header, sep, field = item.partition("=")
            if not sep:
                raise CommandError(_("--map expects HEADER=FIELD, got %(item)r.") % {"item": item})
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
            raise CommandError(self._cannot_import(path, exc)) from exc
        except access.PermissionDenied as exc:
            raise CommandError(
                _("%(user)s may not import %(kind)s.") % {"user": user, "kind": options["kind"]}
            ) from exc
        try:
            services.set_import_mapping(job, actor=user, mapping=job.mapping)
        except ValidationError as exc:
            services.abandon_import_job(job, actor=user, reason=_messages(exc))
            raise CommandError(self._cannot_import(path, exc)) from exc
        self._describe_mapping(job, options["verbosity"])
        job = self._run(job, user, dry_run=options["dry_run"], quiet=options["verbosity"] == 0)
        self._report(job, dry_run=options["dry_run"])

    @staticmethod
    def _cannot_import(path: Path, exc: ValidationError) -> str:
        return _("Cannot import %(file)s: %(reasons)s") % {"file": path.name, "reasons": _messages(exc)}

    def _describe_mapping(self, job: ImportJob, verbosity: int) -> None:
        if int(verbosity) < 2:
            return
        for header, field in zip(job.headers, job.mapping, strict=False):
            target = field or _("(ignored)")
            self.stdout.write(f"  {header!r} -> {target}")

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
            summary = _(
                "Dry run of %(file)s: %(rows)s rows, would create %(created)s, would update %(updated)s, "
                "rejected %(rejected)s."
            )
        else:
            summary = _(
                "Imported %(file)s: %(rows)s rows, created %(created)s, updated %(updated)s, "
                "rejected %(rejected)s."
            )
        summary %= {
            "file": job.original_filename,
            "rows": job.processed_rows,
            "created": job.created_count,
            "updated": job.updated_count,
            "rejected": job.rejected_count,
        }
        self.stdout.write(summary)
        if job.error_report:
            with job.error_report.open("rb") as handle:
                reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
                next(reader, None)
                for row, column, field, _code, reason, value in reader:
                    where = _("row %(row)s") % {"row": row} if row else _("file")
                    label = f"{column} ({field})" if column and column != field else field
                    shown = f" [{value}]" if value else ""
                    self.stdout.write(f"  {where}, {label}: {reason}{shown}")
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.message or _("The import failed."))
        if job.rejected_count and job.mode == ImportMode.ALL_OR_NOTHING:
            raise CommandError(
                _("%(count)s rows were rejected; nothing was imported (all or nothing).")
                % {"count": job.rejected_count}
            )
