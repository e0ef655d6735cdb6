"""The seam for PostgreSQL-only features: everything else runs on SQLite too. One module per topic:
``migrations``, ``queries`` (counts, string lists) and ``bulk`` (bulk writes).

Migrations that only PostgreSQL runs (:class:`PostgreSQLOnly`) or that each database needs in its
own dialect (:class:`SQLByVendor`, e.g. triggers), counts that stop early with the planner's
estimate beyond (:func:`count_up_to`), and bulk writes that use COPY on PostgreSQL and Django's
own INSERT elsewhere (:func:`bulk_insert`).
"""

from catena.core.db.bulk import (
    Batch,
    TextValues,
    batches_with_history,
    bulk_insert,
    bulk_insert_with_history,
    complete_rows,
    reserve_ids,
)
from catena.core.db.migrations import PostgreSQLOnly, SQLByVendor, is_postgresql
from catena.core.db.queries import StringList, count_up_to, planner_rows

__all__ = [
    "Batch",
    "PostgreSQLOnly",
    "SQLByVendor",
    "StringList",
    "TextValues",
    "batches_with_history",
    "bulk_insert",
    "bulk_insert_with_history",
    "complete_rows",
    "count_up_to",
    "is_postgresql",
    "planner_rows",
    "reserve_ids",
]
