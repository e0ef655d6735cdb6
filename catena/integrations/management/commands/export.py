"""``catena export KIND FILE``: export parties, products or interactions to CSV or .xlsx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.integrations import exporters, services
from catena.integrations.choices import ExportFormat, ImportKind

FILTERS = (
    "q", "role", "tag", "province", "city", "status", "tier", "updated_since", "sort",
    "channel", "direction", "since", "until", "category", "is_active",
)  # fmt: skip


def system_user() -> User:
    """The command line is trusted: without --user it exports as an administrator would."""
    return User(username="system", is_superuser=True, is_active=True, role=Role.ADMINISTRATOR)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Export parties, products or interactions to a CSV (UTF-8 with BOM) or .xlsx file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")
        parser.add_argument("--format", choices=ExportFormat.values, help=_("Default: from the file name."))
        parser.add_argument(
            "--lang", choices=("zh", "en"), default="zh", help=_("Header language (default zh).")
        )
        parser.add_argument("--user", help=_("Export what this user may export (default: everything)."))
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")
        parser.add_argument("--owner", default="", help=_("Username of the account manager."))
        parser.add_argument("--party-kind", default="", help=_("organisation or person."))
        parser.add_argument("--party", default="", help=_("Interactions of this party id."))

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        path = Path(options["file"])
        fmt = options["format"] or (ExportFormat.XLSX if path.suffix.lower() == ".xlsx" else ExportFormat.CSV)
        user = system_user()
        if options["user"]:
            found = User.objects.filter(username=options["user"], is_active=True).first()
            if found is None:
                raise CommandError(_("No active user called %(name)r.") % {"name": options["user"]})
            user = found
            if not services.may_export(user, kind):
                raise CommandError(
                    _("%(user)s may not export %(kind)s.") % {"user": user.username, "kind": kind}
                )
        params = {name: options[name] for name in FILTERS if options[name]}
        if options["owner"]:
            owner = User.objects.filter(username=options["owner"]).values_list("pk", flat=True).first()
            if owner is None:
                raise CommandError(_("No user called %(name)r.") % {"name": options["owner"]})
            params["owner"] = str(owner)
        if options["party_kind"]:
            params["kind"] = options["party_kind"]
        if options["party"]:
            params["party"] = options["party"]
        table = exporters.export_table(kind, user, params, chinese=options["lang"] == "zh")
        count = {"rows": 0}

        def counted(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
            for row in rows:
                count["rows"] += 1
                yield row

        table.rows = counted(table.rows)
        try:
            with path.open("wb") as handle:
                if fmt == ExportFormat.XLSX:
                    exporters.write_xlsx(table, handle)
                else:
                    for chunk in exporters.csv_stream(table):
                        handle.write(chunk)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        self.stdout.write(
            _("Exported %(count)s %(kind)s to %(path)s.")
            % {"count": count["rows"], "kind": kind, "path": path}
        )
