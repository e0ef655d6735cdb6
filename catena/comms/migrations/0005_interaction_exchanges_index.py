from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comms", "0004_classify_system_entries"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=models.Q(("kind", "exchange")),
                fields=["party", "-occurred_at"],
                name="interaction_exchanges",
            ),
        ),
    ]
