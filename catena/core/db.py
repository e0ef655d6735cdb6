"""The seam for PostgreSQL-only features: everything else runs on SQLite too.

Migrations that only PostgreSQL runs (:class:`PostgreSQLOnly`), and bulk writes that use COPY
on PostgreSQL and Django's own INSERT elsewhere (:func:`bulk_insert`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import connection, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Max
from django.db.models.sql import InsertQuery
from django.utils import timezone


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


def can_write_from_another_thread() -> bool:
    """Whether a second thread (with its own connection) may write while this one reads on.

    On PostgreSQL, outside ``transaction.atomic``: the other connection sees what this one has
    committed, and this one holds no transaction the other would have to wait for. SQLite admits
    one writer at a time, and its test database is private to one connection.
    """
    return bool(connection.vendor == "postgresql" and not connection.in_atomic_block)


# --- bulk writes ---------------------------------------------------------------------------------
#
# Imports write tens of thousands of rows a minute. ``bulk_create`` prepares every value through
# the field machinery and sends PostgreSQL arrays to UNNEST; COPY streams the rows instead, about
# ten times cheaper on the client. Rows are ``{attname: value}`` dicts, values always travel as
# data (COPY rows or query parameters), never formatted into SQL.
# See docs/adr/0004-bulk-import-path.md.

# Fields whose Python values psycopg writes into COPY as they are.
_COPY_AS_IS = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField,
    models.DecimalField, models.ForeignKey, models.AutoField, models.BigAutoField,
)  # fmt: skip
_SQLITE_BATCH = 2000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` primary keys for rows that :func:`bulk_insert` writes with their ids.

    PostgreSQL draws them from the table's sequence (``nextval`` over ``generate_series``), so
    concurrent writers never get the same ids. Elsewhere call this inside ``transaction.atomic``:
    Catena opens SQLite transactions as IMMEDIATE, so the caller already holds the write lock, and
    the ids continue after both the largest id and the AUTOINCREMENT counter (never an id a
    deleted row had, whose history would otherwise be mistaken for the new row's).
    """
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        top = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            top = max(top, found[0] if found else 0)
    return list(range(top + 1, top + 1 + count))


def complete_rows(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: datetime | None = None
) -> list[models.Field[Any, Any]]:
    """Fill in place what ``Model.save`` would fill: defaults of missing fields and the
    ``auto_now``/``auto_now_add`` timestamps (``now``, one value for the whole batch); return
    the fields that :func:`bulk_insert` writes, in order (the primary key when rows carry it).
    """
    if not rows:
        return []
    pk = model._meta.pk
    with_pk = rows[0].get(pk.attname) is not None
    fields = [f for f in model._meta.concrete_fields if with_pk or f is not pk]
    missing: dict[str, Any] = {}
    for field in fields:
        if field.attname in rows[0]:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing[field.attname] = now or timezone.now()
        elif field is not pk:
            missing[field.attname] = field.get_default()
    if missing:
        for row in rows:
            for name, value in missing.items():
                row.setdefault(name, value)
    return fields


class Batch:
    """Rows of one model ready to insert: completed, converted for the database, in column order.

    Building a batch needs no transaction and no query, so an import builds the next chunk's
    batches while the current chunk is being written (see ``integrations.importers.base``).
    """

    def __init__(
        self, model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: datetime | None = None
    ):
        self.model = model
        self.fields = complete_rows(model, rows, now=now)
        self.values: list[Sequence[Any]] = []
        if not rows:
            return
        names = [f.attname for f in self.fields]
        pick = itemgetter(*names)
        values = [pick(row) for row in rows] if len(names) > 1 else [(pick(row),) for row in rows]
        convert = _copy_text if connection.vendor == "postgresql" else _db_value
        converters = [(i, c) for i, c in enumerate(map(convert, self.fields)) if c is not None]
        self.values = [_converted(row, converters) for row in values] if converters else values

    def __len__(self) -> int:
        return len(self.values)

    def insert(self) -> int:
        """Write the rows: one ``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` of the INSERT
        Django's compiler writes for ``bulk_create`` elsewhere. Returns the count."""
        if not self.values:
            return 0
        with connection.wrap_database_errors:
            if connection.vendor == "postgresql":
                _copy(self.model, self.fields, self.values)
            else:
                _executemany(self.model, self.fields, self.values)
        return len(self.values)


def bulk_insert(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: datetime | None = None
) -> int:
    """Insert ``rows`` (``{attname: value}``, completed by :func:`complete_rows`); return the count.

    COPY on PostgreSQL, Django's own INSERT elsewhere (:class:`Batch`). Like COPY, and unlike
    ``bulk_create``, it keeps the timestamps given (the history rows must carry the same values).
    Save signals are not sent, as with ``bulk_create``.
    """
    return Batch(model, rows, now=now).insert()


def batches_with_history(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    user_id: int | None,
    now: datetime,
) -> list[Batch]:
    """The batches of ``rows`` and of one django-simple-history "created" record per row.

    The records are the library's own historical model, filled as its ``bulk_history_create``
    fills them (every tracked field, ``history_type`` "+", ``history_date``, ``history_user``, no
    change reason), so ``obj.history`` reads them like any other. Rows must carry their primary
    key (:func:`reserve_ids`): the record names the object by it.
    """
    if not rows:
        return []
    batches = [Batch(model, rows, now=now)]
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        historical = model.history.model  # type: ignore[attr-defined]
        batches.append(Batch(historical, history_rows(model, rows, user_id=user_id, when=now)))
    return batches


def bulk_insert_with_history(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    user_id: int | None,
    now: datetime | None = None,
) -> int:
    """:func:`bulk_insert` plus the rows' history records (:func:`batches_with_history`)."""
    batches = batches_with_history(model, rows, user_id=user_id, now=now or timezone.now())
    for batch in batches:
        batch.insert()
    return len(rows)


def history_rows(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    user_id: int | None,
    when: datetime,
    history_type: str = "+",
) -> list[dict[str, Any]]:
    """The historical records simple-history writes for ``rows`` (complete ``{attname: value}``)."""
    historical = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in historical.tracked_fields]
    extra = {
        "history_date": when,
        "history_type": history_type,
        "history_user_id": user_id,
        "history_change_reason": None,
    }
    pick = itemgetter(*tracked)
    return [dict(zip(tracked, pick(row), strict=True), **extra) for row in rows]


def _copy(model: type[models.Model], fields: list[models.Field[Any, Any]], rows: list[Sequence[Any]]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(model._meta.db_table),
        columns=sql.SQL(", ").join([sql.Identifier(str(f.column)) for f in fields]),
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _converted(row: Sequence[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for i, convert in converters:
        values[i] = convert(values[i])
    return values


def _copy_text(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value of ``field`` travels in COPY's text format, when not as itself.

    COPY sends text that the column's type parses, so JSON goes as the text Django's JSONField
    would send, and timestamps as ISO 8601: psycopg's own datetime adaptation costs more than the
    rest of the row. A batch shares its timestamps and defaults, so the last conversion is reused.
    """
    convert: Callable[[Any], Any]
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        convert = lambda value: json.dumps(value, cls=encoder)  # noqa: E731
    elif isinstance(field, models.DateTimeField):
        convert = datetime.isoformat
    elif isinstance(field, _COPY_AS_IS):
        return None
    else:
        convert = lambda value: field.get_db_prep_save(value, connection)  # noqa: E731
    last: list[Any] = [None, None]

    def text(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return text


def _db_value(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    return lambda value: field.get_db_prep_save(value, connection)


def _executemany(
    model: type[models.Model], fields: list[models.Field[Any, Any]], rows: list[Sequence[Any]]
) -> None:
    # Compiled from one throwaway row with raw=True: the statement bulk_create would send.
    query = InsertQuery(model)
    query.insert_values(fields, [model()], raw=True)
    [(statement, _params)] = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _SQLITE_BATCH):
            cursor.executemany(statement, rows[start : start + _SQLITE_BATCH])


class TextValues(models.Expression):
    """Thousands of strings for ``field__in=TextValues(values)``, sent as ONE JSON parameter.

    A plain ``__in`` list becomes one placeholder per value, which Django and the driver prepare
    one by one (slower than the query itself for a 2,000-row import chunk). PostgreSQL unpacks the
    JSON array with ``jsonb_array_elements_text``, SQLite with ``json_each``.
    """

    output_field = models.TextField()

    def __init__(self, values: Iterable[str]) -> None:
        super().__init__()
        self.values = json.dumps(list(values))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str]]:
        return "SELECT value FROM json_each(%s)", (self.values,)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str]]:
        return "SELECT jsonb_array_elements_text(%s::jsonb)", (self.values,)
