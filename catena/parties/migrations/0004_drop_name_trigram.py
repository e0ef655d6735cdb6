from django.db import migrations

from catena.core.db import PostgreSQLOnly


class Migration(migrations.Migration):
    """Drop the trigram index on ``name``: substring search reads ``party_search_trgm`` on
    ``search_text``, which holds the name, and nothing else filters ``name`` by substring."""

    dependencies = [("parties", "0003_lean_party_indexes")]
    operations = [
        PostgreSQLOnly(
            sql=["DROP INDEX IF EXISTS party_name_trgm"],
            reverse_sql=[
                "CREATE INDEX IF NOT EXISTS party_name_trgm ON parties_party USING gin (name gin_trgm_ops)"
            ],
        )
    ]
