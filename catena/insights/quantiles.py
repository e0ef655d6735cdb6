"""Percentiles of durations: in PostgreSQL when the database is PostgreSQL, in Python otherwise.

Both sides use the same definition, PostgreSQL's ``percentile_cont``: sort the n values, take the
position ``fraction × (n − 1)`` and interpolate linearly between the two values around it. The
median of 1, 2, 3, 10 is 2.5 and the 90th percentile 7.9 on either database. (Not the
nearest-rank method, which would give 2 and 10.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection, models
from django.db.models import Aggregate, Func, Value
from django.db.models.functions import Collate

from catena.core.quantiles import percentile_cont  # noqa: F401  (the flow analytics' import)

# Memory for the sorts of one computation: the percentiles of 2M stage rows sort in memory
# (about 180 MB) instead of spilling to disk. Only the session computing the figures uses it.
ANALYTICS_WORK_MEM = "256MB"


class PercentileCont(Aggregate):
    """``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`` (PostgreSQL only).

    The fraction travels as a query parameter. Several of these over the same expression in one
    query share one sort of the group's values.
    """

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()
    allow_distinct = False

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        self.fraction = Value(float(fraction), output_field=models.FloatField())
        super().__init__(expression, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:  # type: ignore[override]
        if connection.vendor != "postgresql":
            raise NotImplementedError("percentile_cont needs PostgreSQL; use percentile_cont() in Python")
        fraction_sql, fraction_params = compiler.compile(self.fraction)
        sql, params = super().as_sql(compiler, connection, fraction=fraction_sql, **extra_context)
        return sql, (*fraction_params, *params)


class EpochSeconds(Func):
    """Seconds in a PostgreSQL interval (``end - start`` of two timestamps), as a double.

    ``date_part`` rather than ``EXTRACT``: since PostgreSQL 14 EXTRACT returns ``numeric``,
    whose arithmetic costs a third of the whole computation over millions of rows."""

    template = "DATE_PART('epoch', %(expressions)s)"
    output_field = models.FloatField()


def seconds_between(start: str, end: str) -> EpochSeconds:
    """``end - start`` in seconds; NULL when either is NULL (and then left out of percentiles)."""
    return EpochSeconds(
        models.ExpressionWrapper(models.F(end) - models.F(start), output_field=models.DurationField())
    )


def bytewise(expression: Any) -> Any:
    """A text grouping key compared byte by byte on PostgreSQL: grouping millions of rows by a
    code under the database's linguistic collation costs about twice as much CPU. Elsewhere as is."""
    return Collate(expression, "C") if connection.vendor == "postgresql" else expression


@contextmanager
def analytics_session() -> Iterator[None]:
    """Settings for the big grouped queries of one computation, on PostgreSQL: more sort memory
    and no JIT compilation (it costs more than it saves on these plans). Reset afterwards, as
    the connection may serve other work."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('work_mem', %s, false), set_config('jit', 'off', false)", [ANALYTICS_WORK_MEM]
        )
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET work_mem")
                cursor.execute("RESET jit")
        except DatabaseError:  # a failed transaction: its rollback undoes the settings anyway
            pass
