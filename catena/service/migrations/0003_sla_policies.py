"""SLA policies and clocks, and the policies a new installation starts with (administrators change them).

Targets are business minutes of the working calendar (09:00–18:00 less lunch: 480 a day).
"""

from typing import Any

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# A copy, not an import: a migration must keep meaning what it meant when it was written.
# (name, case type, priority, tier, first response, next response, resolution, warn at %)
POLICIES = (
    ("Standard", "", "", "", 240, 480, 3 * 480, 80),
    ("Urgent", "", "urgent", "", 60, 120, 480, 75),
    ("High priority", "", "high", "", 120, 240, 2 * 480, 80),
    ("Low priority", "", "low", "", 480, 960, 5 * 480, 80),
    ("Urgent, strategic customer", "", "urgent", "strategic", 30, 60, 240, 75),
)


def add_policies(apps: Any, schema_editor: Any) -> None:
    policy_model = apps.get_model("service", "SlaPolicy")
    for name, case_type, priority, tier, first, following, resolution, warning in POLICIES:
        policy_model.objects.get_or_create(
            case_type=case_type,
            priority=priority,
            tier=tier,
            is_active=True,
            defaults={
                "name": name,
                "first_response_minutes": first,
                "next_response_minutes": following,
                "resolution_minutes": resolution,
                "warning_percent": warning,
            },
        )


def remove_policies(apps: Any, schema_editor: Any) -> None:
    policy_model = apps.get_model("service", "SlaPolicy")
    policy_model.objects.filter(name__in=[policy[0] for policy in POLICIES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('service', '0002_cases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SlaPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('case_type', models.CharField(blank=True, help_text='Empty: any type.', max_length=32, verbose_name='case type')),
                ('priority', models.CharField(blank=True, help_text='Empty: any priority.', max_length=16, verbose_name='priority')),
                ('tier', models.CharField(blank=True, choices=[('strategic', 'Strategic'), ('key', 'Key'), ('standard', 'Standard'), ('small', 'Small')], help_text='Empty: any tier.', max_length=20, verbose_name='customer tier')),
                ('first_response_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(28800)], verbose_name='first response (business minutes)')),
                ('next_response_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(28800)], verbose_name='next response (business minutes)')),
                ('resolution_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(28800)], verbose_name='resolution (business minutes)')),
                ('warning_percent', models.PositiveSmallIntegerField(default=80, help_text='The owner is warned when this share of a target has run.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='warning threshold (percent)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'SLA policy',
                'verbose_name_plural': 'SLA policies',
                'ordering': ['case_type', 'priority', 'tier', 'name', 'id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('case_type', 'priority', 'tier'), name='service_slapolicy_one_active_per_scope', violation_error_message='An active SLA policy for this type, priority and tier exists already.'), models.CheckConstraint(condition=models.Q(('warning_percent__gte', 1), ('warning_percent__lte', 99)), name='service_slapolicy_warning_percent_range')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSlaClock',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='record id')),
                ('kind', models.CharField(choices=[('first_response', 'First response'), ('next_response', 'Next response'), ('resolution', 'Resolution')], max_length=20, verbose_name='target')),
                ('target_minutes', models.PositiveIntegerField(verbose_name='target (business minutes)')),
                ('warning_percent', models.PositiveSmallIntegerField(default=80, verbose_name='warning threshold (percent)')),
                ('started_at', models.DateTimeField(verbose_name='started at')),
                ('pauses', models.JSONField(blank=True, default=list, verbose_name='pauses')),
                ('paused_since', models.DateTimeField(blank=True, null=True, verbose_name='paused since')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='due at')),
                ('warn_at', models.DateTimeField(blank=True, null=True, verbose_name='warn at')),
                ('warned_at', models.DateTimeField(blank=True, null=True, verbose_name='warned at')),
                ('breached_at', models.DateTimeField(blank=True, null=True, verbose_name='breached at')),
                ('level', models.PositiveSmallIntegerField(default=0, verbose_name='escalation level')),
                ('stopped_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped at')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('content_type', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('policy', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='service.slapolicy', verbose_name='SLA policy')),
            ],
            options={
                'verbose_name': 'historical SLA clock',
                'verbose_name_plural': 'historical SLA clocks',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SlaClock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='record id')),
                ('kind', models.CharField(choices=[('first_response', 'First response'), ('next_response', 'Next response'), ('resolution', 'Resolution')], max_length=20, verbose_name='target')),
                ('target_minutes', models.PositiveIntegerField(verbose_name='target (business minutes)')),
                ('warning_percent', models.PositiveSmallIntegerField(default=80, verbose_name='warning threshold (percent)')),
                ('started_at', models.DateTimeField(verbose_name='started at')),
                ('pauses', models.JSONField(blank=True, default=list, verbose_name='pauses')),
                ('paused_since', models.DateTimeField(blank=True, null=True, verbose_name='paused since')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='due at')),
                ('warn_at', models.DateTimeField(blank=True, null=True, verbose_name='warn at')),
                ('warned_at', models.DateTimeField(blank=True, null=True, verbose_name='warned at')),
                ('breached_at', models.DateTimeField(blank=True, null=True, verbose_name='breached at')),
                ('level', models.PositiveSmallIntegerField(default=0, verbose_name='escalation level')),
                ('stopped_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
                ('policy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='service.slapolicy', verbose_name='SLA policy')),
            ],
            options={
                'verbose_name': 'SLA clock',
                'verbose_name_plural': 'SLA clocks',
                'ordering': ['due_at', 'id'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='slaclock_record'), models.Index(condition=models.Q(('stopped_at__isnull', True)), fields=['due_at'], name='slaclock_open_due')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('stopped_at__isnull', True)), fields=('content_type', 'object_id', 'kind'), name='slaclock_one_open_per_kind'), models.CheckConstraint(condition=models.Q(('stopped_at__isnull', True), ('stopped_at__gte', models.F('started_at')), _connector='OR'), name='slaclock_stops_after_start')],
            },
        ),
            migrations.RunPython(add_policies, remove_policies),
    ]
