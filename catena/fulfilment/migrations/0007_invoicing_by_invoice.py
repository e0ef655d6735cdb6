"""The invoicing step of the two standard flows is completed by a recorded invoice (ADR 0009).

Only the standard templates' step named ``invoiced`` that is still moved by hand changes; a step an
administrator set to another trigger stays as it is. Orders keep their stages: those past invoicing
stay done; an order that has not finished invoicing needs an invoice (or a manager's override) to
move on, because a stage reads its trigger from its template step.
"""

from django.db import migrations

STANDARD = ("make-to-stock", "make-to-order")


def forwards(apps, schema_editor):
    FlowStep = apps.get_model("fulfilment", "FlowStep")
    FlowStep.objects.filter(template__code__in=STANDARD, code="invoiced", trigger="manual").update(
        trigger="invoiced"
    )


def backwards(apps, schema_editor):
    FlowStep = apps.get_model("fulfilment", "FlowStep")
    FlowStep.objects.filter(template__code__in=STANDARD, code="invoiced", trigger="invoiced").update(
        trigger="manual"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0006_stage_override"),
        ("sales", "0005_orderinvoice"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
