"""The pipeline's columns are steps in code (an order's flow has stages): rename the model, the
opportunity's reference to it and the index and constraints that carry the old word.

Rows and history are kept: the table and columns are renamed, not copied. The API still calls
the field ``stage``, and the events keep their published names.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sales", "0005_orderinvoice")]

    operations = [
        migrations.RemoveIndex(model_name="opportunity", name="opportunity_stage_close"),
        migrations.RenameModel(old_name="PipelineStage", new_name="PipelineStep"),
        migrations.RenameField(model_name="opportunity", old_name="stage", new_name="step"),
        migrations.RenameField(model_name="historicalopportunity", old_name="stage", new_name="step"),
        migrations.RenameField(model_name="opportunity", old_name="stage_entered_at", new_name="step_entered_at"),
        migrations.RenameField(
            model_name="historicalopportunity", old_name="stage_entered_at", new_name="step_entered_at"
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(fields=["step", "expected_close"], name="opportunity_step_close"),
        ),
        migrations.RemoveConstraint(model_name="pipelinestep", name="pipelinestage_probability_range"),
        migrations.RemoveConstraint(model_name="pipelinestep", name="pipelinestage_not_won_and_lost"),
        migrations.AddConstraint(
            model_name="pipelinestep",
            constraint=models.CheckConstraint(
                condition=models.Q(default_probability__lte=100), name="pipelinestep_probability_range"
            ),
        ),
        migrations.AddConstraint(
            model_name="pipelinestep",
            constraint=models.CheckConstraint(
                condition=models.Q(("is_lost", True), ("is_won", True), _negated=True),
                name="pipelinestep_not_won_and_lost",
            ),
        ),
    ]
