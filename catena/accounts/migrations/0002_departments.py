from django.db import migrations

CODES = ["sales", "production", "purchasing", "logistics", "service", "marketing", "management"]


def create_departments(apps, schema_editor):
    Department = apps.get_model("accounts", "Department")
    for code in CODES:
        Department.objects.get_or_create(code=code)


def remove_departments(apps, schema_editor):
    apps.get_model("accounts", "Department").objects.filter(code__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_departments, remove_departments)]
