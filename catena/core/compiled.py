"""Querysets compiled to SQL once and run again with other values.

Building a query's SQL costs the ORM more than the database spends answering a lookup by key:
for a hot read whose shape never changes (a record by its id, for a user whose scope is
everything), :class:`CompiledQuery` compiles the queryset once with marker values and runs that
SQL with the request's values, yielding the same model instances (``select_related``
relations, annotations, ``prefetch_related`` lookups) the queryset itself would.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.db import connections, models

M = TypeVar("M", bound=models.Model)

# Values no record or request has, passed where the request's values go (an id, a time).
KEY = -1_987_654_321
TIME = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def _adapted(value: Any, connection: Any) -> Any:
    """``value`` as the ORM hands it to the database driver."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class CompiledQuery(Generic[M]):
    """``queryset`` (built with ``KEY`` and ``TIME`` where the values of each run go) as SQL
    compiled once; :meth:`run` executes it with ``key`` and ``time`` in their places."""

    def __init__(self, queryset: models.QuerySet[M]) -> None:
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = self.compiler.as_sql()
        self.sql, self.params = sql, list(params)
        connection = self.compiler.connection
        markers = {"key": _adapted(KEY, connection), "time": _adapted(TIME, connection)}
        self.slots = {
            name: [i for i, p in enumerate(self.params) if type(p) is type(marker) and p == marker]
            for name, marker in markers.items()
        }
        if not self.slots["key"]:
            raise ValueError("the queryset does not use KEY")

    def run(self, key: Any, *, time: datetime | None = None) -> list[M]:
        connection = connections[self.queryset.db]
        params = list(self.params)
        for name, value in (("key", key), ("time", time)):
            if self.slots[name]:
                if value is None:
                    raise ValueError(f"the query needs {name}")
                for index in self.slots[name]:
                    params[index] = _adapted(value, connection)
        compiler = copy.copy(self.compiler)  # what it set up (columns, relations) is shared
        compiler.connection = connection  # this thread's
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        queryset = self.queryset.all()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)


def set_prefetched(instance: Any, name: str, rows: list[Any]) -> None:
    """Give ``instance.<name>.all()`` these rows, as ``prefetch_related`` would have."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
