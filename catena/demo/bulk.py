"""Fast bulk inserts for the demo data generator.

``bulk_create`` spends most of its time preparing each value through the field machinery and,
on PostgreSQL, sending arrays to ``UNNEST``. The seed writes millions of rows, so this module
does less: PostgreSQL gets ``COPY … FROM STDIN`` (the seam for a PostgreSQL-only feature), other
databases an ``executemany`` of the one-row INSERT that Django's own compiler writes. Values are
always passed as parameters, never formatted into SQL.

Text, numbers, booleans, dates and foreign keys go to the driver as they are; other field types
(JSON…) go through the field's own ``get_db_prep_save``. Model defaults are applied to missing
row keys, but ``auto_now`` is not: the caller gives timestamps.

Rows whose ids are needed later (parties, contacts) get them from :func:`allocate_ids` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import Max
from django.db.models.fields import AutoFieldMixin
from django.db.models.sql import InsertQuery

SQLITE_CHUNK = 5000
SQLITE_DEFAULT_CACHE = -2000  # KiB, SQLite's compiled-in default
# Fields whose Python value psycopg and sqlite3 take as it is (dates and decimals are adapted).
_AS_IS = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DecimalField,
    models.DateField, models.ForeignKey,
)  # fmt: skip

if TYPE_CHECKING:
    Field = models.Field[Any, Any]


@contextmanager
def bulk_session() -> Iterator[None]:
    """Tune the connection for a long series of inserts, and put it back afterwards.

    SQLite's default page cache (2 MiB) is far smaller than the indexes of a seeded database;
    a larger one, used only as needed, saves re-reading index pages on every insert.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (current,) = cursor.fetchone()
    if current != SQLITE_DEFAULT_CACHE:  # configured by somebody else: leave it alone
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: up to 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys for rows inserted with :func:`insert_rows`.

    PostgreSQL draws them from the table's sequence. SQLite continues after the largest id: the
    caller holds the write lock (Catena opens SQLite transactions as IMMEDIATE), so no other
    writer can take them in between.
    """
    if count <= 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    start = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows given as ``{attname: value}``; returns the count.

    A row may give the primary key (from :func:`allocate_ids`); otherwise the database picks it.
    A field missing from a row gets its model default, evaluated once per call, so that a field
    added to the model later with a default does not break the seed.
    """
    if not rows:
        return 0
    fields = _fields(model, with_pk=model._meta.pk.attname in rows[0])
    defaults = {f.attname: f.get_default() for f in fields}
    # Fields missing from the first row are filled from the defaults for every row.
    fill = {name: value for name, value in defaults.items() if name not in rows[0]}
    pick = itemgetter(*defaults)
    values = []
    for row in rows:
        try:
            values.append(pick({**fill, **row}) if fill else pick(row))
        except KeyError:  # this row lacks a field the first row had
            values.append(tuple(row.get(name, default) for name, default in defaults.items()))
    if connection.vendor == "postgresql":
        _copy(model, fields, values)
    else:
        _executemany(model, fields, values)
    return len(rows)


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """Insert unsaved model instances, giving each one its primary key first."""
    for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
        obj.pk = pk
    names = [f.attname for f in _fields(model, with_pk=True)]
    return insert_rows(model, [{name: getattr(obj, name) for name in names} for obj in objs])


def _fields(model: type[models.Model], *, with_pk: bool) -> list[Field]:
    return [f for f in model._meta.concrete_fields if with_pk or not isinstance(f, AutoFieldMixin)]


def _copy(model: type[models.Model], fields: list[Field], rows: Sequence[Sequence[Any]]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(model._meta.db_table),
        columns=sql.SQL(", ").join([sql.Identifier(str(f.column)) for f in fields]),
    )
    converters = _converters(fields, for_copy=True)
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(_convert(row, converters) if converters else row)


def _executemany(model: type[models.Model], fields: list[Field], rows: Sequence[Sequence[Any]]) -> None:
    # Compile the statement from a throwaway row: the compiler runs pre_save (auto_now) on it.
    query = InsertQuery(model)
    query.insert_values(fields, [model()], raw=True)
    [(statement, _params)] = query.get_compiler(connection=connection).as_sql()
    converters = _converters(fields, for_copy=False)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SQLITE_CHUNK):
            chunk = rows[start : start + SQLITE_CHUNK]
            if converters:
                chunk = [_convert(row, converters) for row in chunk]
            cursor.executemany(statement, chunk)


def _convert(row: Sequence[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for i, convert in converters:
        values[i] = convert(values[i])
    return values


def _converters(fields: list[Field], *, for_copy: bool) -> list[tuple[int, Callable[[Any], Any]]]:
    converters = []
    for i, field in enumerate(fields):
        convert = _converter(field, for_copy=for_copy)
        if convert is not None:
            converters.append((i, convert))
    return converters


def _converter(field: Field, *, for_copy: bool) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, AutoFieldMixin):
        return None
    if isinstance(field, _AS_IS) and not isinstance(field, models.JSONField):
        if for_copy:
            return None  # psycopg adapts dates, datetimes and decimals itself
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.DecimalField):
            return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
        return None
    return lambda value: field.get_db_prep_save(value, connection)
