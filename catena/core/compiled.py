"""Querysets compiled to SQL once and run again with other values.

Building a query's SQL costs the ORM more than the database spends answering a lookup by key:
for a hot read whose shape never changes (a record by its id, for a user whose scope is
everything), :class:`CompiledQuery` compiles the queryset once with marker values and runs that
SQL with the request's values, yielding the same model instances (``select_related``
relations, annotations, ``prefetch_related`` lookups) or ``.values()`` rows the queryset itself
would. The markers are ``KEY`` and ``TIME``, or any named by :func:`marker` (a text, a number or
a time no record or request has); a value must reach the database as given (an exact match, not
a pattern the ORM derives from it), which the constructor checks: a marker it cannot find raises
``ValueError``.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.db import connections, models
from django.db.models.query import ValuesIterable

M = TypeVar("M", bound=models.Model)

# Values no record or request has, passed where the request's values go (an id, a time).
KEY = -1_987_654_321
TIME = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def _adapted(value: Any, connection: Any) -> Any:
    """``value`` as the ORM hands it to the database driver."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def marker(name: str, kind: type) -> Any:
    """A value of type ``kind`` (``str``, ``int`` or ``datetime``) that stands for ``name``."""
    if kind is str:
        return f"\u2063catena-marker:{name}\u2063"
    if kind is int:
        return KEY - 1 - sum(ord(c) for c in name) * 1_000
    if kind is datetime:
        return TIME.replace(microsecond=sum(ord(c) for c in name) % 1_000_000)
    raise TypeError(kind)


class CompiledQuery(Generic[M]):
    """``queryset`` (built with marker values where the values of each run go) as SQL compiled
    once; :meth:`run` executes it with the values in their places. ``markers`` names them
    (``{"province": marker("province", str)}``); by default ``key`` is ``KEY`` and ``time``
    is ``TIME``, and the queryset must use ``KEY``."""

    def __init__(self, queryset: models.QuerySet[M], markers: dict[str, Any] | None = None) -> None:
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = self.compiler.as_sql()
        self.sql, self.params = sql, list(params)
        connection = self.compiler.connection
        named = markers if markers is not None else {"key": KEY, "time": TIME}
        self.markers = {name: _adapted(value, connection) for name, value in named.items()}
        self.slots = {name: self._slots(name, marker) for name, marker in self.markers.items()}
        required = named.keys() if markers is not None else ["key"]
        missing = [name for name in required if not self.slots[name]]
        if missing:
            names = ", ".join("KEY" if markers is None else name for name in missing)
            raise ValueError(f"the queryset does not use {names}")
        if "\u2063catena-marker:" in self.sql:
            raise ValueError("a marker went into the query's text instead of its parameters")
        # What the compiler works out again on every run although the columns never change: the
        # converters of each column (a fifth of an order's read) and whether any is composite.
        fields = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(fields)
        self.composite = self.compiler.has_composite_fields(fields)
        # A ``.values()`` query is read straight from the compiler into dicts of these names.
        query = queryset.query
        self.names: list[str] | None = None
        if queryset._iterable_class is ValuesIterable:
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )

    def _slots(self, name: str, marker: Any) -> list[tuple[int, str | None]]:
        """Where ``marker`` is among the parameters: ``(index, None)`` where it is the value
        itself, ``(index, pattern)`` where it is inside a ``LIKE`` pattern (``contains``,
        ``startswith``, ``endswith``: ``%marker%``), which a run fills with its value escaped as
        the ORM escapes it. Any other use of it would need the ORM's work again: refused."""
        found: list[tuple[int, str | None]] = []
        for index, param in enumerate(self.params):
            if type(param) is type(marker) and param == marker:
                found.append((index, None))
            elif isinstance(marker, str) and isinstance(param, str) and marker in param:
                if param not in (f"%{marker}%", f"{marker}%", f"%{marker}"):
                    raise ValueError(f"the query changes the value of {name} ({param!r})")
                found.append((index, param))
        return found

    def params_for(self, values: dict[str, Any]) -> list[Any]:
        """The parameters of a run with ``values`` (every marker the query uses needs one)."""
        connection = connections[self.queryset.db]
        params = list(self.params)
        for name, slots in self.slots.items():
            if slots:
                value = values.get(name)
                if value is None:
                    raise ValueError(f"the query needs {name}")
                for index, pattern in slots:
                    if pattern is None:
                        params[index] = _adapted(value, connection)
                    else:
                        escaped = connection.ops.prep_for_like_query(value)
                        params[index] = pattern.replace(self.markers[name], escaped)
        return params

    def run(self, key: Any = None, *, time: datetime | None = None, **values: Any) -> list[M]:
        """The rows (model instances, or dicts for a ``.values()`` queryset) with these values."""
        params = self.params_for({"key": key, "time": time, **values})
        if self.names is not None and not self.composite:
            return self._values(params)  # type: ignore[return-value]
        compiler = copy.copy(self.compiler)  # what it set up (columns, relations) is shared
        compiler.connection = connections[self.queryset.db]  # this thread's
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        compiler.get_converters = lambda expressions: self.converters
        compiler.has_composite_fields = lambda fields: self.composite
        queryset = self.queryset.all()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)

    def _values(self, params: list[Any]) -> list[dict[str, Any]]:
        """A ``.values()`` query's rows as its dicts: fetched on the cursor, each column converted
        as the compiler would (``results_iter``), without a queryset to clone."""
        connection = connections[self.queryset.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        names, converters = self.names or [], list(self.converters.items())
        found = []
        for row in rows:
            values = list(row)
            for index, (functions, expression) in converters:
                for convert in functions:
                    values[index] = convert(values[index], expression, connection)
            found.append(dict(zip(names, values, strict=True)))
        return found

    def planner_rows(self, **values: Any) -> int | None:
        """How many rows PostgreSQL's planner expects with these values (None elsewhere)."""
        from catena.core.db import planner_rows

        return planner_rows(self.queryset, self.sql, self.params_for(values))

    def count(self, **values: Any) -> int:
        """How many rows the query gives with these values (``SELECT COUNT(*)`` over it)."""
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) counted", self.params_for(values))  # noqa: S608
            return int(cursor.fetchone()[0])


def set_prefetched(instance: Any, name: str, rows: list[Any]) -> None:
    """Give ``instance.<name>.all()`` these rows, as ``prefetch_related`` would have."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
