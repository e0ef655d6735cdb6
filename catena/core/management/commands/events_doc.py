"""``catena events_doc [--output PATH]``: the catalogue of domain events as Markdown.

The committed copy lives in ``docs/events.md``; a test fails when it drifts from the declarations.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from catena.core.event_catalogue import COMMITTED_PATH, render_catalogue
from catena.core.management.generated import GeneratedDocumentCommand


class Command(GeneratedDocumentCommand):
    committed_path = COMMITTED_PATH

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = gettext("Print the catalogue of domain events (Markdown), made from their declarations.")

    def render(self) -> str:
        return render_catalogue()
