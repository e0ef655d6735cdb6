"""Prefix look-ups of search everywhere: order and quote numbers, and the customer's reference of an
order in any case (sales.search).

PostgreSQL only: a pattern index answers ``LIKE 'PREFIX%'`` under any collation (the default
B-tree does only under the C collation). SQLite has no operator classes and its tables are small.
"""

from django.db import migrations

# (index, table, indexed expression)
INDEXES = [
    ("salesorder_number_prefix", "sales_salesorder", "number varchar_pattern_ops"),
    ("salesorder_reference_prefix", "sales_salesorder", "UPPER(customer_reference::text) text_pattern_ops"),
    ("quote_number_prefix", "sales_quote", "number varchar_pattern_ops"),
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
    dependencies = [("sales", "0006_pipeline_step")]
    operations = [migrations.RunPython(create, drop)]
