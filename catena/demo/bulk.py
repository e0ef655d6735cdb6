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
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from catena.core.db import Batch, complete_rows, reserve_ids

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
    """Reserve ``count`` primary keys for rows inserted with :func:`insert_rows` (``core.db``)."""
    return reserve_ids(model, count)


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows given as ``{attname: value}`` through the bulk-insert seam of ``core.db``
    (COPY on PostgreSQL); fields a row leaves out get their model defaults."""
    return _batch(model, rows).insert()


def insert_with_history(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows (with their ids) and django-simple-history's "created" record of each, dated
    when the record was created (its ``created_at``), not when the seed ran."""
    if not rows:
        return 0
    batch = _batch(model, rows)
    batch.insert()
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        history = batch.history(user_id=None, when=timezone.now())
        names = [f.attname for f in history.fields]
        dated, created = names.index("history_date"), names.index("created_at")
        history.values = [
            (*values[:dated], values[created], *values[dated + 1 :]) for values in history.values
        ]
        history.insert()
    return len(rows)


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """Insert unsaved model instances, giving each one its primary key first."""
    for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
        obj.pk = pk
    names = [f.attname for f in _fields(model, with_pk=True)]
    return insert_rows(model, [{name: getattr(obj, name) for name in names} for obj in objs])


def _batch(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> Batch:
    """The rows completed and converted by ``core.db``, except that on SQLite the values are
    converted here as Django's SQLite backend would (aware datetimes as naive UTC text, dates as
    ISO text, other plain values as they are): calling every field's ``get_db_prep_save`` for
    every value costs more than the inserts of a large seed."""
    copied = [dict(row) for row in rows]
    if connection.vendor != "sqlite" or not copied:
        return Batch.of(model, copied)
    fields = complete_rows(model, copied)
    names = [f.attname for f in fields]
    converters = [(i, c) for i, c in enumerate(map(_sqlite_converter, fields)) if c is not None]
    values = []
    for row in copied:
        value = [row[name] for name in names]
        for i, convert in converters:
            value[i] = convert(value[i])
        values.append(value)
    return Batch(model, fields, values)


def _sqlite_converter(field: Field) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        zone = connection.timezone

        def moment(value: Any) -> Any:
            if value is None or not timezone.is_aware(value):
                return None if value is None else str(value)
            return str(value.astimezone(zone).replace(tzinfo=None))

        return moment
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else str(value)
    if isinstance(field, (*_AS_IS, models.AutoField, models.BigAutoField)):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _fields(model: type[models.Model], *, with_pk: bool) -> list[Field]:
    return [f for f in model._meta.concrete_fields if with_pk or not isinstance(f, AutoFieldMixin)]
