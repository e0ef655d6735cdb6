"""``catena events_doc [--output PATH]``: the catalogue of domain events as Markdown.

The committed copy lives in ``docs/events.md``; a test fails when it drifts from the declarations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext

from catena.core.event_catalogue import COMMITTED_PATH, render_catalogue


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = gettext("Print the catalogue of domain events (Markdown), made from their declarations.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help=gettext("Write to this file instead of standard output (%(path)s).")
            % {"path": COMMITTED_PATH},
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        text = render_catalogue()
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stderr.write(gettext("Wrote %(path)s") % {"path": path})
        else:
            self.stdout.write(text, ending="")
