"""Counts that stop early with the planner's estimate beyond (:func:`count_up_to`) and lists of
strings in one query (:class:`StringList`)."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, models

# --- counts ------------------------------------------------------------------------------------


def count_up_to(queryset: models.QuerySet[Any], limit: int) -> tuple[int, bool]:
    """``(count, is_estimate)`` of ``queryset``: exact up to ``limit`` rows (the database stops
    reading after ``limit + 1``), beyond that PostgreSQL's planner estimate (at least
    ``limit + 1``). Elsewhere, or when the plan cannot be read, the exact count."""
    rows = queryset.order_by()
    capped = rows[: limit + 1].count()
    if capped <= limit:
        return capped, False
    estimate = planner_rows(rows)
    if estimate is None:
        return rows.count(), False
    return max(estimate, limit + 1), True


def planner_rows(queryset: models.QuerySet[Any], sql: str = "", params: Any = ()) -> int | None:
    """The number of rows PostgreSQL's planner expects ``queryset`` (or the query compiled to
    ``sql`` with ``params``) to return (``EXPLAIN``, which plans but runs nothing), or None on
    other databases."""
    if connection.vendor != "postgresql":
        return None
    if not sql:
        sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    try:
        return int(plan[0]["Plan"]["Plan Rows"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


# --- lists of strings in one query ---------------------------------------------------------------


class _StringListField(models.Field):
    """What :class:`StringList` returns: PostgreSQL sends an array, SQLite a JSON text."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        if value is None:
            return []
        return json.loads(value) if isinstance(value, str) else list(value)


class StringList(models.Subquery):
    """The strings of a one-column subquery, in its order, as one list per row of the outer query
    (the tag names of each party of a page, without a query per party or a prefetch). The
    subquery names its column ``value``: ``Tag.objects.filter(...).values(value=F("name"))``.
    PostgreSQL builds ``ARRAY(subquery)``, SQLite ``json_group_array`` over it."""

    output_field = _StringListField()

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **kwargs: Any) -> tuple[str, Any]:
        sql, params = super().as_sql(compiler, connection, *args, **kwargs)
        if connection.vendor == "postgresql":
            return f"ARRAY{sql}", params
        # ``sql`` is the compiled subquery; its values travel in ``params``.
        return f"(SELECT json_group_array(value) FROM {sql})", params  # noqa: S608
