from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_fail_extra_runs_in_progress"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="flowmetricrun",
            constraint=models.UniqueConstraint(
                models.Value(True),
                condition=models.Q(("status__in", ["pending", "running"])),
                name="flowrun_one_in_progress",
            ),
        ),
    ]
