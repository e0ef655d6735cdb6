import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Drop the index on a role's ``party``: ``party_role_unique (party, role)`` starts with the
    party, so it serves every lookup by party (and the cascade when a party is deleted)."""

    dependencies = [("parties", "0005_search_bigrams")]

    operations = [
        migrations.AlterField(
            model_name="partyrole",
            name="party",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="roles",
                to="parties.party",
                verbose_name="party",
            ),
        ),
    ]
