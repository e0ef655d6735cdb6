"""``catena openapi [--output PATH]``: the OpenAPI document of the REST API v1 as sorted JSON.

The committed copy lives in ``docs/api/openapi.json``; a test fails when it drifts from the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from ninja.responses import NinjaJSONEncoder

from catena.core.management.generated import GeneratedDocumentCommand

COMMITTED_PATH = Path("docs") / "api" / "openapi.json"
REGENERATE = "catena openapi --output docs/api/openapi.json"


def render_openapi() -> str:
    """The schema as indented JSON with sorted keys, the same on every database and every run."""
    from catena.api import api

    # English, whatever the active language, so the document does not depend on who asks.
    with translation.override("en"):
        schema = api.get_openapi_schema()
        text = json.dumps(schema, cls=NinjaJSONEncoder, indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n"


class Command(GeneratedDocumentCommand):
    committed_path = COMMITTED_PATH

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = gettext("Print the OpenAPI document of the REST API v1 (sorted, indented JSON).")

    def render(self) -> str:
        return render_openapi()
