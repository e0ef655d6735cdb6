"""Look-ups of search everywhere (``sales.search``): order and quote numbers and the customer's
reference of an order by prefix; opportunity names and leads' companies, people, e-mails and phones
by substring (three characters or more, trigram indexes), leads by a whole person's name or the
start of a company (two Chinese characters).

PostgreSQL only: a pattern index answers ``LIKE 'PREFIX%'`` under any collation (the default
B-tree does only under the C collation). SQLite has no operator classes and its tables are small.
"""

from django.db import migrations

# (index, table, indexed expression)
INDEXES = [
    ("salesorder_number_prefix", "sales_salesorder", "number varchar_pattern_ops"),
    ("salesorder_reference_prefix", "sales_salesorder", "UPPER(customer_reference::text) text_pattern_ops"),
    ("quote_number_prefix", "sales_quote", "number varchar_pattern_ops"),
    ("opportunity_name_trgm", "sales_opportunity USING gin", "UPPER(name::text) gin_trgm_ops"),
    ("lead_company_trgm", "sales_lead USING gin", "UPPER(company::text) gin_trgm_ops"),
    ("lead_contact_trgm", "sales_lead USING gin", "UPPER(contact_name::text) gin_trgm_ops"),
    ("lead_email_trgm", "sales_lead USING gin", "UPPER(email::text) gin_trgm_ops"),
    ("lead_phone_trgm", "sales_lead USING gin", "UPPER(phone::text) gin_trgm_ops"),
    ("lead_contact_name", "sales_lead", "contact_name"),
    ("lead_company_prefix", "sales_lead", "company varchar_pattern_ops"),
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
    dependencies = [("sales", "0006_pipeline_step"), ("parties", "0002_search_trigram")]
    operations = [migrations.RunPython(create, drop)]
