from django.db import migrations


class Migration(migrations.Migration):
    """The service desk's app: its models arrive in the migrations after this one."""

    initial = True
    dependencies: list[tuple[str, str]] = []
    operations: list[migrations.operations.base.Operation] = []
