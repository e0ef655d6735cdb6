from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comms", "0002_drop_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="interaction",
            name="kind",
            field=models.CharField(
                choices=[("exchange", "Exchange"), ("system", "System entry")],
                default="exchange",
                max_length=10,
                verbose_name="kind",
            ),
        ),
    ]
