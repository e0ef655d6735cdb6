"""Bulk writes that use COPY on PostgreSQL and Django's own INSERT elsewhere (:func:`bulk_insert`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Max
from django.db.models.sql import InsertQuery
from django.utils import timezone

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
if TYPE_CHECKING:
    Field = models.Field[Any, Any]


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
            # One array rather than one result row per id.
            cursor.execute(
                "SELECT array_agg(nextval(pg_get_serial_sequence(%s, %s))) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return list(cursor.fetchone()[0])
        top = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            top = max(top, found[0] if found else 0)
    return list(range(top + 1, top + 1 + count))


def complete_rows(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: datetime | None = None
) -> list[Field]:
    """Fill in place what ``Model.save`` would fill: defaults of missing fields and the
    ``auto_now``/``auto_now_add`` timestamps (``now``, one value for the whole batch); return
    the fields that :func:`bulk_insert` writes, in order (the primary key when rows carry it).

    Rows need not carry the same keys: an optional value given on one row and left out on
    another (an import's notes filled on the first line only) gets its default on the others.
    """
    if not rows:
        return []
    pk = model._meta.pk
    with_pk = rows[0].get(pk.attname) is not None
    fields = [f for f in model._meta.concrete_fields if with_pk or f is not pk]
    fill: dict[str, Any] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fill[field.attname] = now or timezone.now()
        elif field is not pk:
            fill[field.attname] = field.get_default()
    names = fill.keys()
    for row in rows:
        for name in names - row.keys():
            row[name] = fill[name]
    return fields


class Batch:
    """Rows of one model ready to insert: completed, converted for the database, in column order."""

    def __init__(self, model: type[models.Model], fields: list[Field], values: Sequence[Sequence[Any]]):
        self.model, self.fields, self.values = model, fields, values

    @classmethod
    def of(
        cls, model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: datetime | None = None
    ) -> Batch:
        """``rows`` (``{attname: value}``) completed by :func:`complete_rows` and converted."""
        fields = complete_rows(model, rows, now=now)
        if not rows:
            return cls(model, fields, [])
        pick = itemgetter(*[f.attname for f in fields])
        values = [pick(row) for row in rows] if len(fields) > 1 else [(pick(row),) for row in rows]
        converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
        return cls(model, fields, [_converted(row, converters) for row in values] if converters else values)

    def history(self, *, user_id: int | None, when: datetime) -> Batch:
        """django-simple-history's "created" record of every row, as its ``bulk_history_create``
        fills them: every tracked field, ``history_type`` "+", ``history_date``, ``history_user``,
        no change reason. The rows must carry their primary key (the record names the object)."""
        historical = self.model.history.model  # type: ignore[attr-defined]
        position = {f.attname: i for i, f in enumerate(self.fields)}
        extra = {
            "history_date": when,
            "history_type": "+",
            "history_user_id": user_id,
            "history_change_reason": None,
        }
        copied, constant = [], []
        for field in historical._meta.concrete_fields:
            if field.attname in position:  # the tracked fields, the object's id among them
                copied.append(field)
            elif not field.primary_key:
                constant.append(field)
        constants = tuple(
            _value(field, extra[field.attname] if field.attname in extra else field.get_default())
            for field in constant
        )
        pick = itemgetter(*[position[f.attname] for f in copied])
        values = [(*pick(row), *constants) for row in self.values]
        return Batch(historical, copied + constant, values)

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
    return Batch.of(model, rows, now=now).insert()


def bulk_insert_with_history(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    user_id: int | None,
    now: datetime | None = None,
) -> int:
    """:func:`bulk_insert` plus one django-simple-history "created" record per row
    (:meth:`Batch.history`), so that ``obj.history`` reads them like any other record."""
    for batch in batches_with_history(model, rows, user_id=user_id, now=now):
        batch.insert()
    return len(rows)


def batches_with_history(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    user_id: int | None,
    now: datetime | None = None,
) -> list[Batch]:
    """What :func:`bulk_insert_with_history` writes, built now (Python only) and written later
    with :meth:`Batch.insert` (the importer builds on one thread and writes on another)."""
    if not rows:
        return []
    now = now or timezone.now()
    batch = Batch.of(model, rows, now=now)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return [batch]
    return [batch, batch.history(user_id=user_id, when=now)]


def _copy(model: type[models.Model], fields: list[Field], rows: Sequence[Sequence[Any]]) -> None:
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


def _copy_text(field: Field) -> Callable[[Any], Any] | None:
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


def _converter(field: Field) -> Callable[[Any], Any] | None:
    if connection.vendor == "postgresql":
        return _copy_text(field)
    return lambda value: field.get_db_prep_save(value, connection)


def _value(field: Field, value: Any) -> Any:
    convert = _converter(field)
    return convert(value) if convert is not None else value


def _executemany(model: type[models.Model], fields: list[Field], rows: Sequence[Sequence[Any]]) -> None:
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
