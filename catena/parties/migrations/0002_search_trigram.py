from django.db import migrations

from catena.core.db import PostgreSQLOnly


class Migration(migrations.Migration):
    """Substring search on ``search_text`` uses a trigram index on PostgreSQL."""

    dependencies = [("parties", "0001_initial")]
    operations = [
        PostgreSQLOnly(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS party_search_trgm ON parties_party USING gin (search_text gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS party_name_trgm ON parties_party USING gin (name gin_trgm_ops)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS party_search_trgm",
                "DROP INDEX IF EXISTS party_name_trgm",
            ],
        )
    ]
