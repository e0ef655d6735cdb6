"""Before only one run may be waiting or computing, the older of any such runs are failed (two
managers asking at once could start two); the newest goes on."""

from django.db import migrations
from django.utils import timezone

IN_PROGRESS = ("pending", "running")


def fail_all_but_the_newest(apps, schema_editor):
    FlowMetricRun = apps.get_model("insights", "FlowMetricRun")
    in_progress = FlowMetricRun.objects.filter(status__in=IN_PROGRESS).order_by("-created_at", "-id")
    extra = list(in_progress.values_list("pk", flat=True)[1:])
    FlowMetricRun.objects.filter(pk__in=extra).update(
        status="failed", finished_at=timezone.now(), message="abandoned: another run was in progress"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_flow_metrics"),
    ]

    operations = [
        migrations.RunPython(fail_all_but_the_newest, migrations.RunPython.noop, elidable=True),
    ]
