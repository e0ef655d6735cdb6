"""SLA policies, and the ones a new installation starts with (administrators change them).

Targets are business minutes of the working calendar (09:00–18:00 less lunch: 480 a day).
"""

from typing import Any

import django.core.validators
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
        ('service', '0001_initial'),
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
        migrations.RunPython(add_policies, remove_policies),
    ]
