"""The pipeline stages a new installation starts with (administrators may rename and reorder them)."""

from typing import Any

from django.db import migrations

# A copy, not an import: a migration must keep meaning what it meant when it was written.
STAGES = (
    ("qualification", "Qualification", 10, False, False),
    ("needs_analysis", "Needs analysis", 30, False, False),
    ("proposal", "Proposal", 50, False, False),
    ("negotiation", "Negotiation", 75, False, False),
    ("won", "Won", 100, True, False),
    ("lost", "Lost", 0, False, True),
)


def add_stages(apps: Any, schema_editor: Any) -> None:
    stage_model = apps.get_model("sales", "PipelineStage")
    for sequence, (code, name, probability, is_won, is_lost) in enumerate(STAGES, start=1):
        stage_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "sequence": sequence * 10,
                "default_probability": probability,
                "is_won": is_won,
                "is_lost": is_lost,
            },
        )


def remove_stages(apps: Any, schema_editor: Any) -> None:
    stage_model = apps.get_model("sales", "PipelineStage")
    stage_model.objects.filter(code__in=[s[0] for s in STAGES], opportunities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("sales", "0002_pipeline")]

    operations = [migrations.RunPython(add_stages, remove_stages)]
