"""Prefix look-up of search everywhere: a carrier's tracking number in any case
(``fulfilment.search``). Purchase order, work order and shipment numbers are unique, and Django
gave each a pattern index with its unique constraint.

PostgreSQL only: a pattern index answers ``LIKE 'PREFIX%'`` under any collation (the default
B-tree does only under the C collation). SQLite has no operator classes and its tables are small.
"""

from django.db import migrations

# (index, table, indexed expression)
INDEXES = [
    ("shipment_tracking_prefix", "fulfilment_shipment", "UPPER(tracking_number::text) text_pattern_ops"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("fulfilment", "0007_invoicing_by_invoice")]
    operations = [migrations.RunPython(create, drop)]
