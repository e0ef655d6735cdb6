"""Migrations for PostgreSQL only (:class:`PostgreSQLOnly`) or in each database's dialect (:class:`SQLByVendor`)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, router
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


class SQLByVendor(migrations.RunSQL):
    """Run each database's own SQL (``{"postgresql": [...], "sqlite": [...]}``), e.g. triggers.

    A database with no entry is refused rather than left without what the SQL maintains."""

    def __init__(
        self, sql: dict[str, list[str]], reverse_sql: dict[str, list[str]], *, elidable: bool = False
    ) -> None:
        super().__init__(sql=[], reverse_sql=[], elidable=elidable)
        self.by_vendor, self.reverse_by_vendor = sql, reverse_sql

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [self.by_vendor, self.reverse_by_vendor], {})

    def _statements(self, schema_editor: Any, by_vendor: dict[str, list[str]]) -> list[str]:
        vendor = schema_editor.connection.vendor
        if vendor not in by_vendor:
            raise NotImplementedError(f"no SQL for the {vendor} database in this migration")
        return by_vendor[vendor]

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            for statement in self._statements(schema_editor, self.by_vendor):
                schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            for statement in self._statements(schema_editor, self.reverse_by_vendor):
                schema_editor.execute(statement, params=None)
