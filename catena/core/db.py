"""The seam for PostgreSQL-only features: everything else runs on SQLite too."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def is_postgresql(schema_editor: BaseDatabaseSchemaEditor) -> bool:
    return bool(schema_editor.connection.vendor == "postgresql")


class PostgreSQLOnly(migrations.RunSQL):
    """Run SQL on PostgreSQL, do nothing elsewhere (e.g. trigram indexes for substring search)."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if is_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if is_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
