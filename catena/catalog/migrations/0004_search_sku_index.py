"""Prefix look-up of search everywhere: a product's SKU in any case (``catalog.search``).

PostgreSQL only: a pattern index answers ``LIKE 'PREFIX%'`` under any collation (the default
B-tree does only under the C collation). SQLite has no operator classes and its tables are small.
"""

from django.db import migrations

# (index, table, indexed expression)
INDEXES = [
    ("product_sku_prefix", "catalog_product", "UPPER(sku::text) text_pattern_ops"),
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
    dependencies = [("catalog", "0003_price_lists")]
    operations = [migrations.RunPython(create, drop)]
