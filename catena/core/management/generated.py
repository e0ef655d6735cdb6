"""Commands that print a document generated from the code (the OpenAPI document, the events
catalogue) or write it where it is committed; a test fails when the committed copy drifts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext


class GeneratedDocumentCommand(BaseCommand):
    committed_path: Path

    def render(self) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help=gettext("Write to this file instead of standard output (%(path)s).")
            % {"path": self.committed_path},
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        text = self.render()
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stderr.write(gettext("Wrote %(path)s") % {"path": path})
        else:
            self.stdout.write(text, ending="")
